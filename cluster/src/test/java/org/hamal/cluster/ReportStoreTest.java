package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real H2 file database, as the embedded default runs it. */
class ReportStoreTest {

  @TempDir Path dir;
  private Vertx vertx;
  private ReportStore store;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    store = ReportStore.open(vertx, options(dir)).await(30, TimeUnit.SECONDS);
  }

  static StoreOptions options(Path dir) {
    return new StoreOptions(
        "jdbc:h2:file:" + dir.resolve("hamal") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0",
        "sa",
        "",
        4,
        256,
        0,
        10_000);
  }

  @AfterEach
  void close() {
    store.close().await();
    vertx.close().await();
  }

  @Test
  void storesAndReadsBackEveryField() throws Exception {
    Report report = Reports.sample("shimshon", Instant.now());

    store.insert(report).await(10, TimeUnit.SECONDS);

    assertThat(store.find(report.id()).await(10, TimeUnit.SECONDS)).contains(report);
    assertThat(store.find(ReportIds.next(0)).await(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void listsNewestFirstWithFilters() throws Exception {
    Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
    Report a = Reports.sample("shimshon", t0);
    Report b = Reports.sample("afridar", t0.plusSeconds(1));
    Report c = Reports.sample("shimshon", t0.plusSeconds(2));
    Future.all(store.insert(a), store.insert(b), store.insert(c)).await(10, TimeUnit.SECONDS);

    assertThat(list(Set.of(), null, 10)).containsExactly(c, b, a);
    assertThat(list(Set.of("shimshon"), null, 10)).containsExactly(c, a);
    assertThat(list(Set.of("shimshon", "afridar"), ReportStatus.NEW, 2)).containsExactly(c, b);
    assertThat(list(Set.of(), ReportStatus.CLOSED, 10)).isEmpty();
  }

  @Test
  void manyConcurrentInsertsAreAllDurableAfterReopening() throws Exception {
    List<Future<Report>> acks = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      acks.add(store.insert(Reports.sample("barnea", Instant.now())));
    }
    Future.all(acks).await(30, TimeUnit.SECONDS);
    store.close().await();

    store = ReportStore.open(vertx, options(dir)).await(30, TimeUnit.SECONDS);
    assertThat(list(Set.of("barnea"), null, 1000)).hasSize(500);
  }

  @Test
  void probeProvesTheStoreTakesWrites() throws Exception {
    store.probe("node-1").await(10, TimeUnit.SECONDS);
    store.probe("node-1").await(10, TimeUnit.SECONDS);
  }

  private List<Report> list(Set<String> districts, ReportStatus status, int limit)
      throws Exception {
    return store.list(new ReportQuery(districts, status, limit)).await(10, TimeUnit.SECONDS);
  }
}
