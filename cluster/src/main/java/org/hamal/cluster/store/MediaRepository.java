package org.hamal.cluster.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hamal.cluster.report.ReportMedia;

/**
 * Photos attached to reports, in {@code report_media}. An upload is checked and stored in one
 * transaction: the report's row is locked, so two uploads to one report never both take its last
 * free place, and a retry under the same key finds the photo instead of storing it twice.
 */
public final class MediaRepository {

  private static final String COLUMNS = "id, report_id, content_type, size, sha256, actor, created_at";
  /**
   * Locks the report against other uploads (not against readers, nor the foreign keys' share
   * locks): the count and the insert after it see every photo committed before.
   */
  private static final String LOCK_REPORT = "SELECT id FROM report WHERE id = ? FOR NO KEY UPDATE";
  private static final String BY_KEY =
      "SELECT " + COLUMNS + ", request_hash FROM report_media WHERE idempotency_key = ?";
  private static final String COUNT = "SELECT count(*) AS n FROM report_media WHERE report_id = ?";
  private static final String INSERT =
      "INSERT INTO report_media (" + COLUMNS + ", idempotency_key, request_hash, content)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String OF_REPORT =
      "SELECT " + COLUMNS + " FROM report_media WHERE report_id = ? ORDER BY created_at, id";
  /** Each listed report's first photo (Open311's media_url). */
  private static final String FIRST_OF_REPORTS =
      "SELECT DISTINCT ON (report_id) " + COLUMNS + " FROM report_media"
          + " WHERE report_id = ANY(?) ORDER BY report_id, created_at, id";
  private static final String CONTENT =
      "SELECT content_type, content FROM report_media WHERE id = ? AND report_id = ?";

  /** A photo's bytes and their type. */
  public record Content(String contentType, Buffer bytes) {}

  private final Store store;

  MediaRepository(Store store) {
    this.store = store;
  }

  /**
   * Stores a photo unless the report is unknown or full, or the upload's key was used before
   * (then the earlier photo is the answer, or a refusal when the request differs). The future
   * succeeds only once a new photo is committed.
   */
  public Future<ReportMedia.Receipt> add(ReportMedia.Upload upload, int maxPerReport) {
    ReportMedia media = upload.media();
    return store.transaction(conn -> conn.preparedQuery(LOCK_REPORT).execute(Tuple.of(media.reportId()))
        .compose(report -> report.size() == 0
            ? receipt(null, ReportMedia.Outcome.NO_REPORT)
            : earlier(conn, upload).compose(found -> found != null
                ? Future.succeededFuture(found)
                : insertUnlessFull(conn, upload, maxPerReport))));
  }

  /** The answer for a key used before, or null when the upload has no key or a new one. */
  private static Future<ReportMedia.Receipt> earlier(SqlConnection conn, ReportMedia.Upload upload) {
    if (upload.idempotencyKey() == null) {
      return Future.succeededFuture(null);
    }
    return conn.preparedQuery(BY_KEY).execute(Tuple.of(upload.idempotencyKey())).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return upload.requestHash().equals(row.getString("request_hash"))
          ? new ReportMedia.Receipt(fromRow(row), ReportMedia.Outcome.REPLAYED)
          : new ReportMedia.Receipt(null, ReportMedia.Outcome.KEY_REUSED);
    });
  }

  private static Future<ReportMedia.Receipt> insertUnlessFull(
      SqlConnection conn, ReportMedia.Upload upload, int maxPerReport) {
    ReportMedia m = upload.media();
    return conn.preparedQuery(COUNT).execute(Tuple.of(m.reportId())).compose(rows -> {
      if (rows.iterator().next().getLong("n") >= maxPerReport) {
        return receipt(null, ReportMedia.Outcome.FULL);
      }
      Tuple row = Tuple.tuple()
          .addString(m.id())
          .addString(m.reportId())
          .addString(m.contentType())
          .addInteger(m.bytes())
          .addString(m.sha256())
          .addString(m.actor())
          .addLong(m.at().toEpochMilli())
          .addString(upload.idempotencyKey())
          .addString(upload.requestHash())
          // A byte array, not a Buffer: the JDBC client turns a Buffer into a Blob, which
          // PostgreSQL's driver does not implement; a byte array is set as bytea.
          .addValue(upload.content());
      return conn.preparedQuery(INSERT).execute(row).compose(v -> receipt(m, ReportMedia.Outcome.CREATED));
    });
  }

  private static Future<ReportMedia.Receipt> receipt(ReportMedia media, ReportMedia.Outcome outcome) {
    return Future.succeededFuture(new ReportMedia.Receipt(media, outcome));
  }

  /** The report's photos, oldest first. */
  public Future<List<ReportMedia>> of(String reportId) {
    return store.query(c -> c.preparedQuery(OF_REPORT).execute(Tuple.of(reportId))).map(MediaRepository::all);
  }

  /** The first photo of each of {@code reportIds} that has one. */
  public Future<List<ReportMedia>> firstOf(List<String> reportIds) {
    if (reportIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return store.query(c -> c.preparedQuery(FIRST_OF_REPORTS).execute(Tuple.of(reportIds.toArray(String[]::new))))
        .map(MediaRepository::all);
  }

  /** A photo's bytes, if the report has a photo with this id. */
  public Future<Optional<Content>> content(String reportId, String mediaId) {
    return store.query(c -> c.preparedQuery(CONTENT).execute(Tuple.of(mediaId, reportId))).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Content(row.getString("content_type"), row.getBuffer("content")));
    });
  }

  private static List<ReportMedia> all(RowSet<Row> rows) {
    List<ReportMedia> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(fromRow(row)));
    return out;
  }

  private static ReportMedia fromRow(Row row) {
    return new ReportMedia(
        row.getString("id"),
        row.getString("report_id"),
        row.getString("content_type"),
        row.getInteger("size"),
        row.getString("sha256"),
        row.getString("actor"),
        Instant.ofEpochMilli(row.getLong("created_at")));
  }
}
