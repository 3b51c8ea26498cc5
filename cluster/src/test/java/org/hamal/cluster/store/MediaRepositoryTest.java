package org.hamal.cluster.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.TestPostgres;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportMedia;
import org.hamal.cluster.report.Reports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Photos of reports in a real PostgreSQL database. */
class MediaRepositoryTest {

  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};

  private Vertx vertx;
  private Store db;
  private MediaRepository media;
  private Report report;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    db = Store.open(vertx, TestPostgres.freshStoreOptions()).await(30, TimeUnit.SECONDS);
    media = db.media();
    report = Reports.sample("shimshon", Instant.now());
    db.reports().insert(Reports.submission(report)).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    (db == null ? vertx.close() : db.close().eventually(vertx::close)).await();
  }

  @Test
  void storesAPhotoAndReadsItBack() throws Exception {
    ReportMedia.Receipt stored = add(upload(report.id(), null, "h1"), 20);

    assertThat(stored.outcome()).isEqualTo(ReportMedia.Outcome.CREATED);
    assertThat(media.of(report.id()).await(10, TimeUnit.SECONDS)).containsExactly(stored.media());
    var content = media.content(report.id(), stored.media().id()).await(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(content.contentType()).isEqualTo("image/jpeg");
    assertThat(content.bytes().getBytes()).isEqualTo(JPEG);
    assertThat(media.content(ReportIds.next(0), stored.media().id()).await(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aRetryUnderTheSameKeyFindsThePhotoAndAnotherRequestIsRefused() throws Exception {
    ReportMedia.Receipt first = add(upload(report.id(), "tablet-7:k1", "h1"), 20);
    ReportMedia.Receipt again = add(upload(report.id(), "tablet-7:k1", "h1"), 20);
    ReportMedia.Receipt other = add(upload(report.id(), "tablet-7:k1", "h2"), 20);

    assertThat(again.outcome()).isEqualTo(ReportMedia.Outcome.REPLAYED);
    assertThat(again.media()).isEqualTo(first.media());
    assertThat(other.outcome()).isEqualTo(ReportMedia.Outcome.KEY_REUSED);
    assertThat(media.of(report.id()).await(10, TimeUnit.SECONDS)).hasSize(1);
  }

  @Test
  void aFullOrUnknownReportTakesNothing() throws Exception {
    add(upload(report.id(), null, "h1"), 2);
    add(upload(report.id(), null, "h2"), 2);

    assertThat(add(upload(report.id(), null, "h3"), 2).outcome()).isEqualTo(ReportMedia.Outcome.FULL);
    assertThat(add(upload(ReportIds.next(0), null, "h4"), 2).outcome()).isEqualTo(ReportMedia.Outcome.NO_REPORT);
    assertThat(media.of(report.id()).await(10, TimeUnit.SECONDS)).hasSize(2);
  }

  private ReportMedia.Receipt add(ReportMedia.Upload upload, int max) throws Exception {
    return media.add(upload, max).await(10, TimeUnit.SECONDS);
  }

  private static ReportMedia.Upload upload(String reportId, String key, String hash) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String id = key == null ? ReportIds.next(at.toEpochMilli()) : ReportIds.forMediaKey(key);
    return new ReportMedia.Upload(
        new ReportMedia(id, reportId, "image/jpeg", JPEG.length, "sha", "tablet-7", at), JPEG, key, hash);
  }
}
