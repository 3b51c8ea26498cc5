package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store puts back, from the intake journals, acknowledged reports its database lost (H2's
 * mixed mode loses the last commits of a killed host; here the rows are deleted behind the
 * store's back instead), and nothing a later retry has stored in their place.
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

  private void deleteBehindTheStoresBack(String id) throws Exception {
    try (Connection c = DriverManager.getConnection(options.url(), "sa", "");
        PreparedStatement d = c.prepareStatement("DELETE FROM report WHERE id = ?")) {
      d.setString(1, id);
      assertThat(d.executeUpdate()).isEqualTo(1);
    }
  }
}
