package org.hamal.cluster.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.TestPostgres;
import org.hamal.cluster.report.HistoryEntry;
import org.hamal.cluster.report.Receipt;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportChange;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportQuery;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.cluster.report.Reports;
import org.hamal.cluster.report.Submission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reports in a real PostgreSQL database, as every node stores them. */
class ReportRepositoryTest {

  private Vertx vertx;
  private Store db;
  private ReportRepository store;
  private StoreOptions currentOptions;

  @BeforeEach
  void open() throws Exception {
    currentOptions = TestPostgres.freshStoreOptions();
    vertx = Vertx.vertx();
    reopen();
  }

  private void reopen() throws Exception {
    db = Store.open(vertx, currentOptions).await(30, TimeUnit.SECONDS);
    store = db.reports();
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void storesAndReadsBackEveryField() throws Exception {
    Report report = Reports.sample("shimshon", Instant.now());
    Report underAlert = Reports.underAlert(Reports.sample("barnea", Instant.now()), "alert-1");

    store.insert(Reports.submission(report)).await(10, TimeUnit.SECONDS);
    store.insert(Reports.submission(underAlert)).await(10, TimeUnit.SECONDS);

    assertThat(store.find(report.id()).await(10, TimeUnit.SECONDS)).contains(report);
    assertThat(store.find(underAlert.id()).await(10, TimeUnit.SECONDS)).contains(underAlert);
    assertThat(store.find(ReportIds.next(0)).await(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void recordsWhoFiledEachReportInABatch() throws Exception {
    Report byPatroller = Reports.sample("shimshon", Instant.now());
    Report unknown = Reports.sample("afridar", Instant.now());
    Report tooLong = Reports.sample("afridar", Instant.now());

    store.insertAll(List.of(
        new Submission(byPatroller, null, "h1", false, "tablet-17"),
        Reports.submission(unknown),
        new Submission(tooLong, null, "h3", false, "x".repeat(Submission.MAX_SUBMITTED_BY + 1))))
        .await(10, TimeUnit.SECONDS);

    assertThat(store.submittedBy(byPatroller.id()).await(10, TimeUnit.SECONDS)).contains("tablet-17");
    assertThat(store.submittedBy(unknown.id()).await(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(store.submittedBy(tooLong.id()).await(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(store.submittedBy(ReportIds.next(0)).await(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void listsNewestFirstWithFilters() throws Exception {
    Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
    Report a = Reports.sample("shimshon", t0);
    Report b = Reports.sample("afridar", t0.plusSeconds(1));
    Report c = Reports.sample("shimshon", t0.plusSeconds(2));
    Future.all(store.insert(Reports.submission(a)), store.insert(Reports.submission(b)), store.insert(Reports.submission(c))).await(10, TimeUnit.SECONDS);

    assertThat(list(Set.of(), null, 10)).containsExactly(c, b, a);
    assertThat(list(Set.of("shimshon"), null, 10)).containsExactly(c, a);
    assertThat(list(Set.of("shimshon", "afridar"), ReportStatus.NEW, 2)).containsExactly(c, b);
    assertThat(list(Set.of(), ReportStatus.CLOSED, 10)).isEmpty();
  }

  @Test
  void manyConcurrentInsertsAreAllDurableAfterReopening() throws Exception {
    List<Future<Receipt>> acks = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      acks.add(store.insert(Reports.submission(Reports.sample("barnea", Instant.now()))));
    }
    Future.all(acks).await(30, TimeUnit.SECONDS);
    db.close().await();

    reopen();
    assertThat(list(Set.of("barnea"), null, 1000)).hasSize(500);
  }

  @Test
  void aRetryWithTheSameKeyFindsTheFirstReport() throws Exception {
    Report first = Reports.sample("shimshon", Instant.now());
    Report retry = Reports.sample("shimshon", Instant.now()); // a new server id, same request

    Receipt created = store.insert(new Submission(first, "intake-a:k1", "h1", false, null)).await(10, TimeUnit.SECONDS);
    Receipt replayed = store.insert(new Submission(retry, "intake-a:k1", "h1", false, null)).await(10, TimeUnit.SECONDS);
    Receipt misuse = store.insert(new Submission(retry, "intake-a:k1", "h2", false, null)).await(10, TimeUnit.SECONDS);

    assertThat(created.outcome()).isEqualTo(Receipt.Outcome.CREATED);
    assertThat(replayed.outcome()).isEqualTo(Receipt.Outcome.REPLAYED);
    assertThat(replayed.report()).isEqualTo(first);
    assertThat(misuse.outcome()).isEqualTo(Receipt.Outcome.CONFLICT);
    assertThat(store.find(retry.id()).await(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aClientChosenIdIsStoredOnce() throws Exception {
    Report report = Reports.sample("afridar", Instant.now());
    Submission byId = new Submission(report, null, "h", true, null);
    List<Receipt> both = store.insertAll(List.of(byId, byId)).await(10, TimeUnit.SECONDS);
    assertThat(both).extracting(Receipt::outcome)
        .containsExactly(Receipt.Outcome.CREATED, Receipt.Outcome.REPLAYED);
    assertThat(store.insert(byId).await(10, TimeUnit.SECONDS).outcome()).isEqualTo(Receipt.Outcome.REPLAYED);
    assertThat(list(Set.of("afridar"), null, 10)).hasSize(1);
  }

  @Test
  void concurrentRetriesThroughTwoNodesStoreOneReport() throws Exception {
    // Two stores on the same database, as two nodes share it; both race the same keys.
    Vertx other = Vertx.vertx();
    Store secondDb = Store.open(other, currentOptions).await(30, TimeUnit.SECONDS);
    ReportRepository second = secondDb.reports();
    try {
      List<Future<Receipt>> attempts = new ArrayList<>();
      for (int k = 0; k < 50; k++) {
        for (ReportRepository s : List.of(store, second, store, second)) {
          Report r = Reports.sample("barnea", Instant.now());
          attempts.add(s.insert(new Submission(r, "intake:race-" + k, "same", false, null)));
        }
      }
      Future.all(attempts).await(60, TimeUnit.SECONDS);
      assertThat(attempts.stream().filter(f -> f.result().outcome() == Receipt.Outcome.CREATED))
          .hasSize(50);
      assertThat(list(Set.of("barnea"), null, 1000)).hasSize(50);
    } finally {
      secondDb.close().await();
      other.close().await();
    }
  }

  @Test
  void aChangeChecksTheVersionAndIsRecordedInTheHistory() throws Exception {
    Report report = Reports.sample("migdal", Instant.parse("2026-11-24T10:00:00Z"));
    store.insert(Reports.submission(report)).await(10, TimeUnit.SECONDS);
    Instant at = Instant.parse("2026-11-24T10:05:00Z");
    ReportChange.Request assign =
        new ReportChange.Request(r -> r.changed(ReportStatus.ASSIGNED, "patrol-7", at), "supervisor-1", "דחוף");

    ReportChange applied = store.update(report.id(), 1, assign).await(10, TimeUnit.SECONDS);
    ReportChange stale = store.update(report.id(), 1, assign).await(10, TimeUnit.SECONDS);
    ReportChange missing = store.update(ReportIds.next(0), null, assign).await(10, TimeUnit.SECONDS);

    assertThat(applied.outcome()).isEqualTo(ReportChange.Outcome.APPLIED);
    assertThat(applied.after().version()).isEqualTo(2);
    assertThat(applied.after().assignee()).isEqualTo("patrol-7");
    assertThat(stale.outcome()).isEqualTo(ReportChange.Outcome.STALE);
    assertThat(stale.before().version()).isEqualTo(2);
    assertThat(missing.outcome()).isEqualTo(ReportChange.Outcome.NOT_FOUND);
    assertThat(store.find(report.id()).await(10, TimeUnit.SECONDS)).contains(applied.after());

    List<HistoryEntry> history = store.history(applied.after()).await(10, TimeUnit.SECONDS);
    assertThat(history).extracting(HistoryEntry::version, HistoryEntry::status, HistoryEntry::actor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, ReportStatus.NEW, "intake:web"),
            org.assertj.core.groups.Tuple.tuple(2, ReportStatus.ASSIGNED, "supervisor-1"));
    assertThat(history.get(1).note()).isEqualTo("דחוף");
    assertThat(history.get(1).at()).isEqualTo(at);
  }

  @Test
  void changesToSeveralReportsAreAllOrNone() throws Exception {
    Report first = Reports.sample("migdal", Instant.now());
    Report second = Reports.sample("barnea", Instant.now());
    Report third = Reports.sample("barnea", Instant.now());
    for (Report r : List.of(first, second, third)) {
      store.insert(Reports.submission(r)).await(10, TimeUnit.SECONDS);
    }
    Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    // The change is refused for the second report, after the first was written.
    ReportChange.Request refusedMidway =
        new ReportChange.Request(
            r -> {
              if (r.id().equals(second.id())) {
                throw new IllegalStateException("refused");
              }
              return r.inIncident("incident-x", at);
            },
            "operator",
            "moved");

    Throwable failure =
        store.updateAll(List.of(first.id(), second.id(), third.id()), refusedMidway)
            .transform(ar -> Future.succeededFuture(ar.cause()))
            .await(10, TimeUnit.SECONDS);

    assertThat(failure).isNotNull();
    assertThat(store.find(first.id()).await(10, TimeUnit.SECONDS)).contains(first);
    assertThat(store.history(first).await(10, TimeUnit.SECONDS)).hasSize(1);

    ReportChange.Request move = new ReportChange.Request(r -> r.inIncident("incident-x", at), "operator", "moved");
    List<ReportChange> moved = store.updateAll(List.of(first.id(), third.id()), move).await(10, TimeUnit.SECONDS);
    assertThat(moved).extracting(c -> c.after().incident()).containsExactly("incident-x", "incident-x");
    assertThat(store.find(third.id()).await(10, TimeUnit.SECONDS).orElseThrow().incident()).isEqualTo("incident-x");
  }

  @Test
  void pagesAfterTheLastReportGiveEveryReportOnceNewestFirst() throws Exception {
    // Many reports in the same millisecond: a page may end inside such a run, and the next must
    // go on after it by id, neither repeating nor skipping one.
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    List<Submission> submissions = new java.util.ArrayList<>();
    for (int i = 0; i < 23; i++) {
      submissions.add(Reports.submission(Reports.sample(i % 2 == 0 ? "migdal" : "afridar", now.minusMillis(i / 5))));
    }
    store.insertAll(submissions).await(10, TimeUnit.SECONDS);
    ReportQuery all = new ReportQuery(Set.of(), null, 1);
    List<Report> expected = store.list(new ReportQuery(Set.of(), null, 100)).await(10, TimeUnit.SECONDS);
    assertThat(expected).hasSize(23);

    List<Report> paged = new java.util.ArrayList<>();
    Report after = null;
    List<Report> page;
    do {
      page = store.listAfter(all, after, 4).await(10, TimeUnit.SECONDS);
      paged.addAll(page);
      after = page.isEmpty() ? after : page.get(page.size() - 1);
    } while (page.size() == 4);
    assertThat(paged).containsExactlyElementsOf(expected);

    ReportQuery migdal = new ReportQuery(Set.of("migdal"), null, 1);
    List<Report> first = store.listAfter(migdal, null, 5).await(10, TimeUnit.SECONDS);
    List<Report> rest = store.listAfter(migdal, first.get(4), 100).await(10, TimeUnit.SECONDS);
    assertThat(first).hasSize(5);
    assertThat(rest).hasSize(7).allSatisfy(r -> assertThat(r.district()).isEqualTo("migdal"));
  }

  @Test
  void aRefusedChangeChangesNothing() throws Exception {
    Report report = Reports.sample("migdal", Instant.now());
    store.insert(Reports.submission(report)).await(10, TimeUnit.SECONDS);
    ReportChange.Request refuse =
        new ReportChange.Request(r -> { throw new IllegalStateException("no"); }, "x", null);
    Throwable failure =
        store.update(report.id(), null, refuse)
            .transform(ar -> Future.succeededFuture(ar.cause()))
            .await(10, TimeUnit.SECONDS);
    assertThat(failure).hasMessage("no");
    assertThat(store.find(report.id()).await(10, TimeUnit.SECONDS)).contains(report);
  }

  @Test
  void probeProvesTheStoreTakesWrites() throws Exception {
    db.probe("node-1").await(10, TimeUnit.SECONDS);
    db.probe("node-1").await(10, TimeUnit.SECONDS);
  }

  private List<Report> list(Set<String> districts, ReportStatus status, int limit)
      throws Exception {
    return store.list(new ReportQuery(districts, status, limit)).await(10, TimeUnit.SECONDS);
  }
}
