package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
}
