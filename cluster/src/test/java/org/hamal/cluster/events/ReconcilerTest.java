package org.hamal.cluster.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.ringbuffer.ReadResultSet;
import io.vertx.core.Context;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.TestPostgres;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportChange;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.cluster.report.Reports;
import org.hamal.cluster.store.ReportRepository;
import org.hamal.cluster.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Changes committed by a member that died before announcing them are announced by another. */
class ReconcilerTest {

  private final ReportJson json = new ReportJson(ZoneId.of("Asia/Jerusalem"));
  private ClusterNode node;
  private Store db;
  private ReportRepository store;

  private OpenReports open;
  private ReportEvents events;
  private Context ctx;

  /** One member with the store, the open map and the change log. */
  private void start() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
    db = Store.open(node.vertx(), TestPostgres.freshStoreOptions())
        .await(30, TimeUnit.SECONDS);
    store = db.reports();
    open = new OpenReports(node.hazelcast(), 10_000);
    events = ReportEvents.open(node.vertx(), node.hazelcast(), open, 10_000).await(30, TimeUnit.SECONDS);
    ctx = node.vertx().getOrCreateContext();
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close().await();
    }
    if (node != null) {
      node.leave().await();
    }
  }

  @Test
  void committedButUnannouncedChangesAreAnnouncedOnceAndOnlyThey() throws Exception {
    start();

    // Announced as it should be.
    Report announced = Reports.sample("barnea", Instant.now());
    store.insert(Reports.submission(announced)).await(10, TimeUnit.SECONDS);
    events.publish(ctx, ReportEvents.Kind.CREATED, json.toJson(announced), null).await(10, TimeUnit.SECONDS);
    // Committed, then the member "died": never announced.
    Report lost = Reports.sample("migdal", Instant.now());
    store.insert(Reports.submission(lost)).await(10, TimeUnit.SECONDS);
    // Announced when created, its closing committed but never announced.
    Report closedSilently = Reports.sample("afridar", Instant.now());
    store.insert(Reports.submission(closedSilently)).await(10, TimeUnit.SECONDS);
    events.publish(ctx, ReportEvents.Kind.CREATED, json.toJson(closedSilently), null).await(10, TimeUnit.SECONDS);
    store.update(closedSilently.id(), 1, new ReportChange.Request(
        r -> r.changed(ReportStatus.CLOSED, null, Instant.now()), "op", null)).await(10, TimeUnit.SECONDS);
    long before = events.tailSequence();

    Reconciler reconciler =
        new Reconciler(node, store, open, events, json::toJson, Duration.ofMinutes(10), Duration.ZERO,
            Reconciler.LogCheck.UNKNOWN);
    assertThat(reconciler.reconcile(ctx, System.currentTimeMillis()).await(30, TimeUnit.SECONDS)).isEqualTo(2);

    ReadResultSet<String> announcedNow = events.read(ctx, before + 1, 10).await(10, TimeUnit.SECONDS);
    assertThat(announcedNow.size()).isEqualTo(2);
    JsonObject first = new JsonObject(announcedNow.get(0));
    JsonObject second = new JsonObject(announcedNow.get(1));
    assertThat(java.util.List.of(first.getString("kind") + " " + first.getJsonObject("report").getString("id"),
            second.getString("kind") + " " + second.getJsonObject("report").getString("id")))
        .containsExactlyInAnyOrder("created " + lost.id(), "closed " + closedSilently.id());
    assertThat(open.get(ctx, lost.id(), "migdal").await(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(open.get(ctx, closedSilently.id(), "afridar").await(10, TimeUnit.SECONDS)).isNull();

    // Nothing is left to announce.
    assertThat(reconciler.reconcile(ctx, System.currentTimeMillis()).await(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aChangeTheMapHoldsButTheLogLostIsAnnouncedAgainIfRecent() throws Exception {
    start();

    // Both in the map, as an announcement leaves them; the log's append of the first was lost
    // with the member that owned the log (the feed never read it), the second's was read.
    Report lostFromLog = Reports.sample("migdal", Instant.now());
    Report inLog = Reports.sample("barnea", Instant.now());
    for (Report r : java.util.List.of(lostFromLog, inLog)) {
      store.insert(Reports.submission(r)).await(10, TimeUnit.SECONDS);
      JsonObject j = json.toJson(r);
      open.update(ctx, java.util.List.of(OpenReports.Entry.of(j, j.encode())), true).await(10, TimeUnit.SECONDS);
    }
    long before = events.tailSequence();
    Reconciler.LogCheck feedRead = (id, version) -> id.equals(inLog.id());
    Reconciler reconciler =
        new Reconciler(node, store, open, events, json::toJson, Duration.ofMinutes(10), Duration.ZERO, feedRead);

    // Left before they were made: they are the living members' to announce, and the map holds both.
    long earlier = System.currentTimeMillis() - 60_000;
    assertThat(reconciler.reconcile(ctx, earlier).await(30, TimeUnit.SECONDS)).isZero();
    // Left so long after them that they were not in flight: the map decides again.
    long later = System.currentTimeMillis() + Reconciler.IN_FLIGHT.toMillis() + 60_000;
    assertThat(reconciler.reconcile(ctx, later).await(30, TimeUnit.SECONDS)).isZero();
    // Left now: the change the log lacks is announced again, the other is not.
    assertThat(reconciler.reconcile(ctx, System.currentTimeMillis()).await(30, TimeUnit.SECONDS)).isEqualTo(1);
    ReadResultSet<String> announced = events.read(ctx, before + 1, 10).await(10, TimeUnit.SECONDS);
    assertThat(announced.size()).isEqualTo(1);
    JsonObject entry = new JsonObject(announced.get(0));
    assertThat(entry.getString("kind")).isEqualTo("created");
    assertThat(entry.getJsonObject("report").getString("id")).isEqualTo(lostFromLog.id());
  }
}
