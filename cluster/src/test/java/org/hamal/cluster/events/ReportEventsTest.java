package org.hamal.cluster.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.ringbuffer.ReadResultSet;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.processors.OpenReport;
import org.hamal.cluster.processors.OpenReportKey;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.cluster.report.Reports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change log across two real members. */
class ReportEventsTest {

  private final ReportJson json = new ReportJson(ZoneId.of("Asia/Jerusalem"));
  private ClusterNode a;
  private ClusterNode b;

  @AfterEach
  void leave() {
    for (ClusterNode n : new ClusterNode[] {a, b}) {
      if (n != null) {
        n.leave().await();
      }
    }
  }

  @Test
  void eventsPublishedOnOneMemberAreReadInOrderOnTheOtherUnderOneEpoch() throws Exception {
    ClusterOptions options = TestClusters.random();
    a = ClusterNode.join(options, new VertxOptions()).await(60, TimeUnit.SECONDS);
    b = ClusterNode.join(options, new VertxOptions()).await(60, TimeUnit.SECONDS);
    OpenReports openA = new OpenReports(a.hazelcast(), 10_000);
    OpenReports openB = new OpenReports(b.hazelcast(), 10_000);
    ReportEvents onA = ReportEvents.open(a.vertx(), a.hazelcast(), openA, 10_000).await(30, TimeUnit.SECONDS);
    ReportEvents onB = ReportEvents.open(b.vertx(), b.hazelcast(), openB, 10_000).await(30, TimeUnit.SECONDS);
    assertThat(onB.epoch()).isEqualTo(onA.epoch());

    Report created = Reports.sample("shimshon", Instant.now());
    Report acknowledged = created.changed(ReportStatus.ACKNOWLEDGED, null, Instant.now());
    Report closed = acknowledged.changed(ReportStatus.CLOSED, null, Instant.now());
    var ctx = a.vertx().getOrCreateContext();
    long s1 = onA.publish(ctx, ReportEvents.Kind.CREATED, json.toJson(created), null).await(10, TimeUnit.SECONDS);
    // The newer version first: the older must not overwrite it in the map.
    long s2 = onA.publish(ctx, ReportEvents.Kind.UPDATED, json.toJson(acknowledged), null).await(10, TimeUnit.SECONDS);
    OpenReport inMap = b.hazelcast().<OpenReportKey, OpenReport>getMap(ClusterMaps.OPEN_REPORTS)
        .get(OpenReports.key(created.id(), "shimshon"));
    assertThat(new JsonObject(inMap.json()).getInteger("version")).isEqualTo(2);
    assertThat(inMap.version()).isEqualTo(2);
    assertThat(inMap.status()).isEqualTo(ReportStatus.ACKNOWLEDGED.wire());
    onA.publish(ctx, ReportEvents.Kind.UPDATED, json.toJson(created), null).await(10, TimeUnit.SECONDS);
    inMap = b.hazelcast().<OpenReportKey, OpenReport>getMap(ClusterMaps.OPEN_REPORTS)
        .get(OpenReports.key(created.id(), "shimshon"));
    assertThat(inMap.version()).isEqualTo(2);
    long s4 = onA.publish(ctx, ReportEvents.Kind.CLOSED, json.toJson(closed), null).await(10, TimeUnit.SECONDS);
    assertThat(b.hazelcast().getMap(ClusterMaps.OPEN_REPORTS).containsKey(OpenReports.key(created.id(), "shimshon")))
        .isFalse();

    assertThat(s2).isEqualTo(s1 + 1);
    ReadResultSet<String> read =
        onB.read(b.vertx().getOrCreateContext(), s1, 10).await(10, TimeUnit.SECONDS);
    assertThat(read.size()).isEqualTo(4);
    assertThat(read.getSequence(3)).isEqualTo(s4);
    assertThat(new JsonObject(read.get(0)).getString("kind")).isEqualTo("created");
    assertThat(new JsonObject(read.get(3)).getString("kind")).isEqualTo("closed");
    assertThat(new JsonObject(read.get(3)).getJsonObject("report").getString("status")).isEqualTo("closed");
  }

  @Test
  void reportsCreatedTogetherAreOneAppendInOrderAndEachInTheMapOfItsDistrict() throws Exception {
    ClusterOptions options = TestClusters.random();
    a = ClusterNode.join(options, new VertxOptions()).await(60, TimeUnit.SECONDS);
    b = ClusterNode.join(options, new VertxOptions()).await(60, TimeUnit.SECONDS);
    ReportEvents onA = ReportEvents.open(a.vertx(), a.hazelcast(), new OpenReports(a.hazelcast(), 10_000), 10_000)
        .await(30, TimeUnit.SECONDS);
    List<JsonObject> created = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) { // more than one ringbuffer append may hold
      created.add(json.toJson(Reports.sample(i % 3 == 0 ? "afridar" : "shimshon", Instant.now())));
    }
    var ctx = a.vertx().getOrCreateContext();
    long before = a.hazelcast().getRingbuffer(ClusterMaps.EVENTS).tailSequence();
    long last = onA.publishCreated(ctx, created).await(10, TimeUnit.SECONDS);

    assertThat(last).isEqualTo(before + created.size());
    var map = b.hazelcast().<OpenReportKey, OpenReport>getMap(ClusterMaps.OPEN_REPORTS);
    for (JsonObject r : created) {
      OpenReport held = map.get(OpenReports.key(r.getString("id"), r.getString("district")));
      assertThat(held).as(r.getString("id")).isNotNull();
      assertThat(new JsonObject(held.json())).isEqualTo(r);
      assertThat(held).isEqualTo(OpenReport.of(r, held.json()));
    }
    ReportEvents onB = ReportEvents.open(b.vertx(), b.hazelcast(), new OpenReports(b.hazelcast(), 10_000), 10_000)
        .await(30, TimeUnit.SECONDS);
    List<String> ids = new ArrayList<>();
    while (ids.size() < created.size()) {
      ReadResultSet<String> read = onB.read(b.vertx().getOrCreateContext(), before + 1 + ids.size(), 1000)
          .await(10, TimeUnit.SECONDS);
      for (String entry : read) {
        JsonObject e = new JsonObject(entry);
        assertThat(e.getString("kind")).isEqualTo("created");
        ids.add(e.getJsonObject("report").getString("id"));
      }
    }
    assertThat(ids).isEqualTo(created.stream().map(r -> r.getString("id")).toList());
    // Each append has its own tag, at the head of each of its entries: 1,500 reports are two.
    List<String> tags = onB.tags(b.vertx().getOrCreateContext(), before + 1, 1000).await(10, TimeUnit.SECONDS);
    assertThat(tags).hasSize(1000).doesNotContainNull().containsOnly(tags.get(0));
    String second = onB.tagAt(b.vertx().getOrCreateContext(), before + 1001).await(10, TimeUnit.SECONDS);
    assertThat(second).isNotNull().isNotEqualTo(tags.get(0));
    assertThat(onB.tagAt(b.vertx().getOrCreateContext(), last).await(10, TimeUnit.SECONDS)).isEqualTo(second);
    // A later, newer version is not undone by announcing the creation again (a retry).
    JsonObject newer = created.get(0).copy().put("version", 2).put("status", "acknowledged");
    onA.publish(ctx, ReportEvents.Kind.UPDATED, newer, null).await(10, TimeUnit.SECONDS);
    long again = onA.publishCreated(ctx, List.of(created.get(0))).await(10, TimeUnit.SECONDS);
    // The same entry appended again (as a retry is) is another append: another tag.
    assertThat(onA.tagAt(ctx, again).await(10, TimeUnit.SECONDS)).isNotIn(tags.get(0), second);
    assertThat(map.get(OpenReports.key(newer.getString("id"), newer.getString("district"))).version()).isEqualTo(2);
  }
}
