package org.hamal.cluster.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.TestClusters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Incident grouping on a real Hazelcast member. */
class IncidentsTest {

  private ClusterNode node;

  @AfterEach
  void leave() {
    if (node != null) {
      node.leave().await();
    }
  }

  @Test
  void manyReportsOfOneImpactArrivingAtOnceAreOneIncident() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
    Incidents incidents = new Incidents(node.hazelcast(), new IncidentOptions(150, 15, 10, 100), 10_000);
    long now = System.currentTimeMillis();
    // From several event loops at once, as the HTTP verticles call it.
    List<Future<JsonObject>> assigned = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Context context = node.vertx().getOrCreateContext();
      double lon = 34.5737 + (i % 5) * 0.0001;
      assigned.add(Future.<JsonObject>future(p -> context.runOnContext(v ->
          incidents.assign(context, "building-hit", lon, 31.6879, 5, "barnea", now).onComplete(p))));
    }
    Future.all(assigned).await(60, TimeUnit.SECONDS);

    assertThat(assigned.stream().map(f -> f.result().getString("id")).distinct()).hasSize(1);
    JsonObject incident = incidents.open(node.vertx()).await(10, TimeUnit.SECONDS).get(0);
    assertThat(incident.getInteger("count")).isEqualTo(200);
  }
  @Test
  void theJoinsOfOneTaskToAnIncidentAreOneStepAndEachIsCheckedInTurn() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
    IncidentOptions options = new IncidentOptions(150, 15, 10, 100);
    Incidents incidents = new Incidents(node.hazelcast(), options, 10_000);
    long now = System.currentTimeMillis();
    long window = TimeUnit.MINUTES.toMillis(options.windowMinutes());
    Context context = node.vertx().getOrCreateContext();
    JsonObject first = Future.<JsonObject>future(p -> context.runOnContext(v ->
        incidents.assign(context, "building-hit", 34.5737, 31.6879, 3, "barnea", now).onComplete(p)))
        .await(30, TimeUnit.SECONDS);

    // One task, as a commit group or a batch answers them: 99 reports of the same impact, and one
    // in the same cell that comes after the incident's window and so may not join it.
    List<Future<JsonObject>> sameTask = new ArrayList<>();
    Future.<Void>future(p -> context.runOnContext(v -> {
      for (int i = 0; i < 99; i++) {
        sameTask.add(incidents.assign(context, "building-hit", 34.5737 + (i % 5) * 0.0001, 31.6879, i == 50 ? 5 : 3,
            i < 90 ? "barnea" : "afridar", now + i));
      }
      sameTask.add(incidents.assign(context, "building-hit", 34.5737, 31.6879, 3, "barnea", now + window + 1_000));
      p.complete();
    })).await(30, TimeUnit.SECONDS);
    Future.all(sameTask).await(30, TimeUnit.SECONDS);

    JsonObject joined = sameTask.get(0).result();
    assertThat(joined.getString("id")).isEqualTo(first.getString("id"));
    assertThat(sameTask.subList(0, 99)).allSatisfy(f -> assertThat(f.result()).isSameAs(joined));
    assertThat(joined.getInteger("count")).isEqualTo(100);
    assertThat(joined.getInteger("version")).as("one step for the 99 joins").isEqualTo(first.getInteger("version") + 1);
    assertThat(joined.getInteger("priority")).isEqualTo(5);
    assertThat(joined.getJsonArray("districts").getList()).containsExactlyInAnyOrder("barnea", "afridar");
    assertThat(joined.getLong("lastAt")).isEqualTo(now + 98);

    JsonObject late = sameTask.get(99).result();
    assertThat(late.getString("id")).as("the late report starts an incident of its own").isNotEqualTo(first.getString("id"));
    assertThat(late.getInteger("count")).isEqualTo(1);
  }
}
