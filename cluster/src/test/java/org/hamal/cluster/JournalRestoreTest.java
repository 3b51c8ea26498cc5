package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store puts back, from the intake journals, acknowledged reports and changes its database
 * lost (H2's mixed mode loses the last commits of a killed host; here the rows are deleted or
 * reverted behind the store's back instead), and nothing a later retry or change has stored in
 * their place.
 */
class JournalRestoreTest {

  @TempDir Path dir;
  private Vertx vertx;
  private ReportStore store;
  private StoreOptions options;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    options = H2ReportStoreTest.options(dir);
    store = ReportStore.open(vertx, options).await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    store.close().await();
    vertx.close().await();
  }

  @Test
  void putsBackAnAcknowledgedReportTheDatabaseLost() throws Exception {
    Report kept = Reports.sample("shimshon", Instant.now());
    Report lost = Reports.sample("barnea", Instant.now());
    store.insert(Reports.submission(kept)).await(10, TimeUnit.SECONDS);
    store.insert(Reports.submission(lost)).await(10, TimeUnit.SECONDS);
    deleteBehindTheStoresBack(lost.id());

    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isEqualTo(1);

    assertThat(store.find(lost.id()).await(10, TimeUnit.SECONDS)).contains(lost);
    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void theStoreRecordsWhenItWasOpenedFromDisk() throws Exception {
    // This store opened the file in open(): the listener in its URL wrote the time.
    assertThat(StoreOpened.lastOpened(options.url())).isPositive().isLessThanOrEqualTo(System.currentTimeMillis());
  }

  @Test
  void aNodeStartingAfterTheLossPutsItBack() throws Exception {
    Report lost = Reports.sample("barnea", Instant.now());
    store.insert(Reports.submission(lost)).await(10, TimeUnit.SECONDS);
    deleteBehindTheStoresBack(lost.id());
    store.close().await();

    store = ReportStore.open(vertx, options).await(30, TimeUnit.SECONDS);

    assertThat(store.find(lost.id()).await(10, TimeUnit.SECONDS)).contains(lost);
  }

  @Test
  void neverRestoresOverARetryStoredUnderTheSameKey() throws Exception {
    Report lost = Reports.sample("barnea", Instant.now());
    store.insert(new Submission(lost, "admin:k-1", "hash", false)).await(10, TimeUnit.SECONDS);
    deleteBehindTheStoresBack(lost.id());
    Report retry = Reports.sample("barnea", Instant.now());
    store.insert(new Submission(retry, "admin:k-1", "hash", false)).await(10, TimeUnit.SECONDS);

    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isZero();

    assertThat(store.find(lost.id()).await(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(store.find(retry.id()).await(10, TimeUnit.SECONDS)).isPresent();
  }

  @Test
  void putsBackAReportAcknowledgedOnlyAsAReplay() throws Exception {
    // Another node committed the original and was killed before journaling or answering it (a
    // store without a journal stands for it); the client's retry here is answered with it.
    Report original = Reports.sample("barnea", Instant.now());
    StoreOptions unjournaled = new StoreOptions(options.url(), options.user(), options.password(),
        1, options.maxBatch(), 0, options.timeoutMillis(), new JournalOptions("off", null, 60));
    ReportStore dying = ReportStore.open(vertx, unjournaled).await(30, TimeUnit.SECONDS);
    dying.insert(new Submission(original, "admin:k-2", "hash", false)).await(10, TimeUnit.SECONDS);
    dying.close().await();
    Receipt replay = store.insert(new Submission(Reports.sample("barnea", Instant.now()), "admin:k-2", "hash", false))
        .await(10, TimeUnit.SECONDS);
    assertThat(replay.outcome()).isEqualTo(Receipt.Outcome.REPLAYED);
    assertThat(replay.report().id()).isEqualTo(original.id());
    deleteBehindTheStoresBack(original.id());

    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isEqualTo(1);

    assertThat(store.find(original.id()).await(10, TimeUnit.SECONDS)).contains(original);
  }

  @Test
  void aJournalIsKeptUntilTheStoreIsOpenedAfterWhatARestorePutBack() throws Exception {
    // A node that has left: its finished journal, last written a minute before this store opened.
    Report lost = Reports.sample("barnea", Instant.now());
    Path journals = Path.of(options.journal().dir());
    java.util.Set<Path> before = journals(journals);
    try (IntakeJournal left = new IntakeJournal(journals, 60_000, new ReportJson(java.time.ZoneOffset.UTC))) {
      left.append(java.util.List.of(Reports.submission(lost)), System.currentTimeMillis());
    }
    java.util.Set<Path> after = journals(journals);
    after.removeAll(before);
    assertThat(after).hasSize(1);
    Path file = after.iterator().next();
    java.nio.file.Files.setLastModifiedTime(file,
        java.nio.file.attribute.FileTime.fromMillis(StoreOpened.lastOpened(options.url()) - 60_000));

    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isEqualTo(1);
    // Found now, but only as this restore's own commit: not yet proof that it is on disk.
    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isZero();
    assertThat(file).exists();

    long openedBefore = StoreOpened.lastOpened(options.url());
    store.close().await();
    store = ReportStore.open(vertx, options).await(30, TimeUnit.SECONDS); // opened from disk again
    assertThat(StoreOpened.lastOpened(options.url())).isGreaterThan(openedBefore);
    assertThat(store.find(lost.id()).await(10, TimeUnit.SECONDS)).contains(lost);
    assertThat(file).doesNotExist();
  }

  private static java.util.Set<Path> journals(Path dir) throws Exception {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".ndjson")).collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void ofTwoJournaledReportsUnderOneKeyTheFirstIsPutBack() throws Exception {
    // The second was stored under the key after the store had lost the first; then both were lost.
    Report first = Reports.sample("barnea", Instant.now());
    store.insert(new Submission(first, "admin:k-3", "hash", false)).await(10, TimeUnit.SECONDS);
    deleteBehindTheStoresBack(first.id());
    Report second = Reports.sample("barnea", Instant.now());
    store.insert(new Submission(second, "admin:k-3", "hash", false)).await(10, TimeUnit.SECONDS);
    deleteBehindTheStoresBack(second.id());

    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isEqualTo(1);

    assertThat(store.find(first.id()).await(10, TimeUnit.SECONDS)).contains(first);
    assertThat(store.find(second.id()).await(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void twoNodesRestoringAtOnceBothFinishAndStoreEachReportOnce() throws Exception {
    List<Submission> lost = new java.util.ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      lost.add(new Submission(Reports.sample(i % 2 == 0 ? "barnea" : "shimshon", Instant.now()), "admin:many-" + i, "hash", false));
    }
    for (int from = 0; from < lost.size(); from += 250) {
      store.insertAll(lost.subList(from, from + 250)).await(30, TimeUnit.SECONDS);
    }
    ReportStore other = ReportStore.open(vertx, options).await(30, TimeUnit.SECONDS); // a second node
    try (Connection c = DriverManager.getConnection(options.url(), "sa", "")) {
      c.createStatement().executeUpdate("DELETE FROM report_history");
      assertThat(c.createStatement().executeUpdate("DELETE FROM report")).isEqualTo(lost.size());
    }
    try {
      List<Future<Integer>> passes = List.of(store.restoreFromJournals(), other.restoreFromJournals());
      Future.all(passes).await(60, TimeUnit.SECONDS);
      assertThat(passes.get(0).result() + passes.get(1).result()).isEqualTo(lost.size());
    } finally {
      other.close().await();
    }

    try (Connection c = DriverManager.getConnection(options.url(), "sa", "");
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM report")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(lost.size());
      assertThat(rs.getInt(2)).isEqualTo(lost.size());
    }
  }

  @Test
  void aRetryAfterTheStoreWasOpenedAgainIsAnsweredWithTheReportItLost() throws Exception {
    // Acknowledged, then lost with the store's host; the client's duplicate request reaches a
    // node only after another process opened the store.
    Report original = Reports.sample("barnea", Instant.now());
    store.insert(new Submission(original, "admin:k-4", "hash", false)).await(10, TimeUnit.SECONDS);
    deleteBehindTheStoresBack(original.id());
    openedAgainBehindTheStoresBack();

    Receipt retry = afterReconnecting(() -> store.insert(new Submission(Reports.sample("barnea", Instant.now()), "admin:k-4", "hash", false)));

    assertThat(retry.outcome()).isEqualTo(Receipt.Outcome.REPLAYED);
    assertThat(retry.report().id()).isEqualTo(original.id());
  }

  @Test
  void aChangeAfterTheStoreWasOpenedAgainComesAfterTheChangeItLost() throws Exception {
    Report report = Reports.sample("shimshon", Instant.now());
    store.insert(Reports.submission(report)).await(10, TimeUnit.SECONDS);
    assign(report, "patrol-7", "supervisor-1", null);
    undoBehindTheStoresBack(report);
    openedAgainBehindTheStoresBack();

    ReportChange next = afterReconnecting(() -> store.update(report.id(), null, new ReportChange.Request(
        r -> r.changed(ReportStatus.ASSIGNED, "patrol-9", r.updatedAt().plusSeconds(1)), "supervisor-2", null)));

    assertThat(next.after().version()).isEqualTo(3);
    assertThat(store.history(next.after()).await(10, TimeUnit.SECONDS))
        .extracting(HistoryEntry::version, HistoryEntry::assignee)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, null),
            org.assertj.core.groups.Tuple.tuple(2, "patrol-7"),
            org.assertj.core.groups.Tuple.tuple(3, "patrol-9"));
  }

  @Test
  void aCommitJournaledOnlyAfterTheStoreWasOpenedAgainIsPutBackBeforeItIsAnswered() throws Exception {
    // The append of a committed report is delayed past its host's death, the new opening and
    // that opening's restore pass, which therefore did not see it.
    ReportStore other = ReportStore.open(vertx, options).await(30, TimeUnit.SECONDS); // a second node
    try {
      Report report = Reports.sample("barnea", Instant.now());
      Future<Receipt> answer;
      synchronized (store.journal()) {
        answer = store.insert(Reports.submission(report));
        awaitStored(report.id());
        deleteBehindTheStoresBack(report.id());
        openedAgainBehindTheStoresBack();
        assertThat(afterReconnecting(other::restoreFromJournals)).isZero();
        afterReconnecting(() -> store.find(report.id())); // this node's connections are fresh too
        assertThat(answer.isComplete()).as("answered before it was journaled").isFalse();
      }

      assertThat(answer.await(30, TimeUnit.SECONDS).outcome()).isEqualTo(Receipt.Outcome.CREATED);
      assertThat(other.find(report.id()).await(10, TimeUnit.SECONDS)).contains(report);
    } finally {
      other.close().await();
    }
  }

  @Test
  void aRetryWhileItsOriginalAwaitsItsJournalIsAnsweredWithTheSameReport() throws Exception {
    // As above, and the client's retry under the same key reaches the other node in the gap:
    // both attempts carry the key's id (ReportIds.forKey), so both answers name one report.
    ReportStore other = ReportStore.open(vertx, options).await(30, TimeUnit.SECONDS);
    try {
      String key = "admin:k-7";
      Report original = Reports.sample("barnea", Instant.now(), ReportIds.forKey(key));
      Future<Receipt> answer;
      Receipt retried;
      synchronized (store.journal()) {
        answer = store.insert(new Submission(original, key, "hash", false));
        awaitStored(original.id());
        deleteBehindTheStoresBack(original.id());
        openedAgainBehindTheStoresBack();
        retried = afterReconnecting(() -> other.insert(
            new Submission(Reports.sample("barnea", Instant.now(), ReportIds.forKey(key)), key, "hash", false)));
        afterReconnecting(() -> store.find(original.id()));
      }

      assertThat(retried.outcome()).isEqualTo(Receipt.Outcome.CREATED);
      assertThat(answer.await(30, TimeUnit.SECONDS).report().id()).isEqualTo(retried.report().id());
      try (Connection c = DriverManager.getConnection(options.url(), "sa", "");
          PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM report WHERE idempotency_key = ?")) {
        q.setString(1, key);
        try (java.sql.ResultSet rs = q.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(1);
        }
      }
    } finally {
      other.close().await();
    }
  }

  /** Waits until a commit is visible to others: its append comes after. */
  private void awaitStored(String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Connection c = DriverManager.getConnection(options.url(), "sa", "");
        PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM report WHERE id = ?")) {
      q.setString(1, id);
      while (true) {
        try (java.sql.ResultSet rs = q.executeQuery()) {
          rs.next();
          if (rs.getInt(1) == 1) {
            return;
          }
        }
        assertThat(System.nanoTime()).as("committed within 10 s").isLessThan(deadline);
        Thread.onSpinWait();
      }
    }
  }

  /** Closes the database under the store: the next connection opens it from disk again. */
  private void openedAgainBehindTheStoresBack() throws Exception {
    try (Connection c = DriverManager.getConnection(options.url(), "sa", "")) {
      c.createStatement().execute("SHUTDOWN");
    }
  }

  /**
   * The operation's result once the store has noticed its connections died with the database:
   * the first attempt may fail on a dead connection, as a client's request would (a 503).
   */
  private <T> T afterReconnecting(java.util.function.Supplier<Future<T>> operation) throws Exception {
    try {
      return operation.get().await(30, TimeUnit.SECONDS);
    } catch (Exception first) {
      assertThat(RenewingPool.isConnectionLost(first)).as(first.toString()).isTrue();
      return operation.get().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPassThatCouldNotReadAJournalDoesNotCount() throws Exception {
    java.nio.file.Files.createDirectory(Path.of(options.journal().dir()).resolve("0-broken.ndjson"));

    assertThat(store.restoreFromJournals().transform(ar -> Future.succeededFuture(ar.failed())).await(10, TimeUnit.SECONDS))
        .as("the pass failed").isTrue();
  }

  @Test
  void bringsBackAnAcknowledgedChangeTheDatabaseLost() throws Exception {
    Report report = Reports.sample("shimshon", Instant.now());
    store.insert(Reports.submission(report)).await(10, TimeUnit.SECONDS);
    Report assigned = assign(report, "patrol-7", "supervisor-1", "דחוף").after();
    undoBehindTheStoresBack(report);

    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isEqualTo(1);

    assertThat(store.find(report.id()).await(10, TimeUnit.SECONDS)).contains(assigned);
    assertThat(store.history(assigned).await(10, TimeUnit.SECONDS))
        .extracting(HistoryEntry::version, HistoryEntry::actor, HistoryEntry::status, HistoryEntry::assignee, HistoryEntry::note)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "intake:" + report.channel(), ReportStatus.NEW, null, null),
            org.assertj.core.groups.Tuple.tuple(2, "supervisor-1", ReportStatus.ASSIGNED, "patrol-7", "דחוף"));
    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aReportLostWithItsChangesComesBackAtItsLastVersion() throws Exception {
    Report report = Reports.sample("barnea", Instant.now());
    store.insert(Reports.submission(report)).await(10, TimeUnit.SECONDS);
    assign(report, "patrol-1", "supervisor-1", null);
    Report reassigned = assign(report, "patrol-2", "supervisor-2", "the nearer one").after();
    deleteBehindTheStoresBack(report.id());

    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isEqualTo(2); // the report, then its changes

    assertThat(store.find(report.id()).await(10, TimeUnit.SECONDS)).contains(reassigned);
    assertThat(store.history(reassigned).await(10, TimeUnit.SECONDS))
        .extracting(HistoryEntry::version, HistoryEntry::assignee)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, null),
            org.assertj.core.groups.Tuple.tuple(2, "patrol-1"),
            org.assertj.core.groups.Tuple.tuple(3, "patrol-2"));
  }

  @Test
  void neverUndoesANewerVersionThanTheJournals() throws Exception {
    Report report = Reports.sample("afridar", Instant.now());
    store.insert(Reports.submission(report)).await(10, TimeUnit.SECONDS);
    assign(report, "patrol-7", "supervisor-1", null);
    // A change the journals of this machine never saw (another host's store, or a later one).
    try (Connection c = DriverManager.getConnection(options.url(), "sa", "");
        PreparedStatement u = c.prepareStatement("UPDATE report SET status = 'resolved', version = 3 WHERE id = ?")) {
      u.setString(1, report.id());
      assertThat(u.executeUpdate()).isEqualTo(1);
    }

    assertThat(store.restoreFromJournals().await(10, TimeUnit.SECONDS)).isZero();

    Report now = store.find(report.id()).await(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(now.version()).isEqualTo(3);
    assertThat(now.status()).isEqualTo(ReportStatus.RESOLVED);
  }

  private ReportChange assign(Report report, String assignee, String actor, String note) throws Exception {
    ReportChange change = store.update(report.id(), null, new ReportChange.Request(
            r -> r.changed(ReportStatus.ASSIGNED, assignee, r.updatedAt().plusSeconds(1)), actor, note))
        .await(10, TimeUnit.SECONDS);
    assertThat(change.outcome()).isEqualTo(ReportChange.Outcome.APPLIED);
    return change;
  }

  /** The store forgets every change to the report: back to version 1, without its history. */
  private void undoBehindTheStoresBack(Report report) throws Exception {
    try (Connection c = DriverManager.getConnection(options.url(), "sa", "");
        PreparedStatement u = c.prepareStatement(
            "UPDATE report SET status = 'new', assignee = NULL, version = 1, updated_at = received_at WHERE id = ?");
        PreparedStatement d = c.prepareStatement("DELETE FROM report_history WHERE report_id = ?")) {
      u.setString(1, report.id());
      assertThat(u.executeUpdate()).isEqualTo(1);
      d.setString(1, report.id());
      assertThat(d.executeUpdate()).isPositive();
    }
  }

  private void deleteBehindTheStoresBack(String id) throws Exception {
    try (Connection c = DriverManager.getConnection(options.url(), "sa", "");
        PreparedStatement d = c.prepareStatement("DELETE FROM report WHERE id = ?");
        PreparedStatement h = c.prepareStatement("DELETE FROM report_history WHERE report_id = ?")) {
      d.setString(1, id);
      assertThat(d.executeUpdate()).isEqualTo(1);
      h.setString(1, id); // lost in the same commits as the row
      h.executeUpdate();
    }
  }
}
