package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.ringbuffer.ReadResultSet;
import io.vertx.core.Context;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes committed by a member that died before announcing them are announced by another. */
class ReconcilerTest {

  @TempDir Path dir;
  private final ReportJson json = new ReportJson(ZoneId.of("Asia/Jerusalem"));
  private ClusterNode node;
  private ReportStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close().await();
    }
    if (node != null) {
      node.leave().await();
    }
  }

  @Test
  void committedButUnannouncedChangesAreAnnouncedOnceAndOnlyThey() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
    store = ReportStore.open(node.vertx(), H2ReportStoreTest.options(dir))
        .await(30, TimeUnit.SECONDS);
    OpenReports open = new OpenReports(node.hazelcast(), 10_000);
    ReportEvents events = ReportEvents.open(node.vertx(), node.hazelcast(), open, 10_000).await(30, TimeUnit.SECONDS);
    Context ctx = node.vertx().getOrCreateContext();

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
        new Reconciler(node, store, open, events, json::toJson, Duration.ofMinutes(10), Duration.ZERO);
    assertThat(reconciler.reconcile(ctx).await(30, TimeUnit.SECONDS)).isEqualTo(2);

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
    assertThat(reconciler.reconcile(ctx).await(30, TimeUnit.SECONDS)).isZero();
  }
}
