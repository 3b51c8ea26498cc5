package org.hamal.cluster.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.report.Reports;
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

  @Test
  void aRecountClosesAnIncidentWithoutOpenReportsOnlyWhenItsLastReportCannotStillBeOnItsWay() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
    Incidents incidents = new Incidents(node.hazelcast(), new IncidentOptions(150, 15, 10, 100), 1_000);
    OpenReports open = new OpenReports(node.hazelcast(), 10_000);
    long now = System.currentTimeMillis();
    Context context = node.vertx().getOrCreateContext();
    // Grouped just now, its report not yet committed and announced: left open.
    JsonObject fresh = Future.<JsonObject>future(p -> context.runOnContext(v ->
        incidents.assign(context, "fire", 34.5737, 31.6879, 5, "barnea", now).onComplete(p))).await(30, TimeUnit.SECONDS);
    // Its last report a minute ago, and none open: closed.
    JsonObject stale = Future.<JsonObject>future(p -> context.runOnContext(v ->
        incidents.assign(context, "fire", 34.6000, 31.7000, 5, "barnea", now - 60_000).onComplete(p))).await(30, TimeUnit.SECONDS);

    List<JsonObject> changed = incidents.recount(node.vertx(), open).await(30, TimeUnit.SECONDS);

    assertThat(changed).extracting(i -> i.getString("id")).containsExactly(stale.getString("id"));
    assertThat(changed.get(0).getString("status")).isEqualTo("closed");
    assertThat(incidents.open(node.vertx()).await(10, TimeUnit.SECONDS))
        .extracting(i -> i.getString("id")).containsExactly(fresh.getString("id"));
  }

  @Test
  void aRecountDoesNotShrinkAnIncidentWhoseLatestReportIsStillOnItsWay() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
    Incidents incidents = new Incidents(node.hazelcast(), new IncidentOptions(150, 15, 10, 100), 1_000);
    OpenReports open = new OpenReports(node.hazelcast(), 10_000);
    ReportJson json = new ReportJson(ZoneId.of("Asia/Jerusalem"));
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Context context = node.vertx().getOrCreateContext();
    Report first = Reports.sample("barnea", t0.minusSeconds(60));
    JsonObject incident = Future.<JsonObject>future(p -> context.runOnContext(v -> incidents.assign(context,
        first.category(), first.lon(), first.lat(), first.priority(), "barnea", first.receivedAt().toEpochMilli()).onComplete(p)))
        .await(30, TimeUnit.SECONDS);
    JsonObject announced = json.toJson(first.grouped(incident.getString("id")));
    open.update(context, List.of(OpenReports.Entry.of(announced, announced.encode())), true).await(10, TimeUnit.SECONDS);
    // A second report joins just now; its commit and announcement are still to come.
    Future.<JsonObject>future(p -> context.runOnContext(v -> incidents.assign(context,
        first.category(), first.lon(), first.lat(), first.priority(), "barnea", t0.toEpochMilli()).onComplete(p)))
        .await(30, TimeUnit.SECONDS);

    List<JsonObject> changed = incidents.recount(node.vertx(), open).await(30, TimeUnit.SECONDS);

    assertThat(changed).isEmpty();
    assertThat(incidents.get(context, incident.getString("id")).await(10, TimeUnit.SECONDS).getInteger("count")).isEqualTo(2);
  }

  @Test
  void anIncidentTheOpenReportsNameAndTheClusterLacksIsRebuiltFromThem() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
    Incidents incidents = new Incidents(node.hazelcast(), new IncidentOptions(150, 15, 10, 100), 10_000);
    OpenReports open = new OpenReports(node.hazelcast(), 10_000);
    ReportJson json = new ReportJson(ZoneId.of("Asia/Jerusalem"));
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // Two open reports of incident "i-lost", as a full restart puts them back in the map.
    Report first = Reports.sample("barnea", t0).grouped("i-lost");
    Report second = new Report(ReportIds.next(t0.toEpochMilli() + 5), "afridar", first.routing(), first.category(), 5,
        first.status(), null, "second", first.lon() + 0.001, first.lat(), null, "sms", t0.plusSeconds(5), t0.plusSeconds(5),
        1, false, "i-lost", null);
    Context context = node.vertx().getOrCreateContext();
    for (Report r : List.of(first, second)) {
      JsonObject j = json.toJson(r);
      open.update(context, List.of(OpenReports.Entry.of(j, j.encode())), true).await(10, TimeUnit.SECONDS);
    }

    List<JsonObject> changed = incidents.recount(node.vertx(), open).await(30, TimeUnit.SECONDS);

    assertThat(changed).hasSize(1);
    JsonObject rebuilt = incidents.get(context, "i-lost").await(10, TimeUnit.SECONDS);
    assertThat(rebuilt.getString("category")).isEqualTo(first.category());
    assertThat(rebuilt.getInteger("count")).isEqualTo(2);
    assertThat(rebuilt.getInteger("priority")).isEqualTo(5);
    assertThat(rebuilt.getJsonArray("districts").getList()).containsExactly("afridar", "barnea");
    assertThat(rebuilt.getLong("firstAt")).isEqualTo(t0.toEpochMilli());
    assertThat(rebuilt.getLong("lastAt")).isEqualTo(t0.plusSeconds(5).toEpochMilli());
    assertThat(rebuilt.getJsonObject("centroid").getDouble("lon")).isCloseTo(first.lon() + 0.0005, within(1e-9));
    // Findable again: a new report there joins it.
    JsonObject joined = Future.<JsonObject>future(p -> context.runOnContext(v ->
        incidents.assign(context, first.category(), first.lon(), first.lat(), 3, "barnea", t0.plusSeconds(10).toEpochMilli())
            .onComplete(p))).await(30, TimeUnit.SECONDS);
    assertThat(joined.getString("id")).isEqualTo("i-lost");
  }
}
