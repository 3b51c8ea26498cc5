package org.hamal.cluster.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hamal.cluster.report.HistoryEntry;
import org.hamal.cluster.report.Receipt;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportChange;
import org.hamal.cluster.report.ReportQuery;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.cluster.report.ReportWindow;
import org.hamal.cluster.report.Submission;

/**
 * Reports in the store. A report is durable once {@link #insert} succeeds; intake acknowledges
 * only then. Inserts go through a {@link GroupCommitter}, so that many reports share one
 * transaction under load. Changes are versioned, each with its entry in the {@link
 * ReportHistory}, written in the same transaction.
 */
public final class ReportRepository {

  private static final String COLUMNS =
      "id, district, layer_version, snapped, snap_distance_m, category, status, description,"
          + " lon, lat, reporter_name, reporter_phone, reporter_callback, reporter_email, channel, received_at, version,"
          + " priority, assignee, updated_at, deferred, incident_id, alert_id, alert_threat";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM report";
  private static final String INSERT =
      "INSERT INTO report (" + COLUMNS + ", idempotency_key, request_hash, submitted_by)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /** Who filed a report: kept out of {@link Report}, only photo uploads and the history ask. */
  private static final String SUBMITTED_BY = "SELECT submitted_by FROM report WHERE id = ?";
  private static final String UPDATE =
      "UPDATE report SET status = ?, assignee = ?, updated_at = ?, version = ?, deferred = ?,"
          + " incident_id = ? WHERE id = ? AND version = ?";
  private static final String OPEN_STATUSES =
      String.join(", ", Arrays.stream(ReportStatus.values())
          .filter(ReportStatus::isOpen)
          .map(s -> "'" + s.wire() + "'")
          .toList());

  private final Store store;
  private final ReportHistory history;
  private final GroupCommitter<Submission, Receipt> committer;
  private volatile CommitListener commitListener = CommitListener.NONE;

  ReportRepository(Vertx vertx, Store store, StoreOptions options) {
    this.store = store;
    this.history = new ReportHistory(store);
    this.committer = new GroupCommitter<>(vertx, options.maxBatch(), options.lingerMillis(), this::commit);
  }

  /**
   * Stores a new report, or finds the one an earlier submission with the same key or client id
   * stored. The future succeeds only once the report is committed.
   */
  public Future<Receipt> insert(Submission submission) {
    return committer.submit(submission);
  }

  /** Stores reports in one transaction; receipts come in the order of the submissions. */
  public Future<List<Receipt>> insertAll(List<Submission> submissions) {
    return committer.submitAll(submissions);
  }

  /** Reports waiting for a commit on this node: how saturated the store is. */
  public int queued() {
    return committer.queued();
  }

  /** Told of every group commit (the gateway's metrics); replaces the one before. */
  public void onCommit(CommitListener listener) {
    commitListener = listener == null ? CommitListener.NONE : listener;
  }

  /** Lets emergency mode widen or narrow the commit groups. */
  public void tuneGroupCommit(int maxBatch, long lingerMillis) {
    committer.tune(maxBatch, lingerMillis);
  }

  /** Completes once everything submitted so far has been committed or failed. */
  Future<Void> drain() {
    return committer.drain();
  }

  /** One transaction for a group: replays and refusals decided against what is stored. */
  private Future<List<Receipt>> commit(List<Submission> batch) {
    long started = System.nanoTime();
    return insertGroup(batch).onComplete(done ->
        commitListener.committed(batch.size(), System.nanoTime() - started, done.succeeded()));
  }

  private Future<List<Receipt>> insertGroup(List<Submission> batch) {
    return store.transaction(conn -> existing(conn, batch).compose(stored -> {
          IntakePlan plan = new IntakePlan(batch, stored);
          if (plan.toInsert().isEmpty()) {
            return Future.succeededFuture(plan);
          }
          List<Tuple> rows = new ArrayList<>(plan.toInsert().size());
          for (Submission s : plan.toInsert()) {
            rows.add(insertRow(s));
          }
          return conn.preparedQuery(INSERT).executeBatch(rows).map(plan);
        }))
        .map(IntakePlan::receipts);
  }

  /** Rows already stored under the batch's keys or client ids; none asked when none can exist. */
  private static Future<List<IntakePlan.Stored>> existing(SqlConnection conn, List<Submission> batch) {
    List<String> keys = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Submission s : batch) {
      if (s.idempotencyKey() != null) {
        keys.add(s.idempotencyKey());
      }
      if (s.mayRepeat()) {
        ids.add(s.report().id());
      }
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + ", idempotency_key, request_hash FROM report WHERE id IN (");
    Tuple args = Tuple.tuple();
    appendParams(sql, args, ids);
    sql.append(')');
    if (!keys.isEmpty()) {
      sql.append(" OR idempotency_key IN (");
      appendParams(sql, args, keys);
      sql.append(')');
    }
    return conn.preparedQuery(sql.toString()).execute(args).map(rows -> {
      List<IntakePlan.Stored> out = new ArrayList<>(rows.size());
      rows.forEach(row -> out.add(
          new IntakePlan.Stored(fromRow(row), row.getString("idempotency_key"), row.getString("request_hash"))));
      return out;
    });
  }

  public Future<Optional<Report>> find(String id) {
    return reports(SELECT + " WHERE id = ?", Tuple.of(id)).map(found -> found.stream().findFirst());
  }

  /**
   * The subject of the token that filed the report; empty when it is unknown, or filed before
   * submitters were recorded.
   */
  public Future<Optional<String>> submittedBy(String id) {
    return store.query(c -> c.preparedQuery(SUBMITTED_BY).execute(Tuple.of(id)))
        .map(rows -> rows.size() == 0
            ? Optional.empty()
            : Optional.ofNullable(rows.iterator().next().getString("submitted_by")));
  }

  /** Reports matching the query, newest first. */
  public Future<List<Report>> list(ReportQuery query) {
    return listAfter(query, null, query.limit());
  }

  /**
   * The next {@code limit} reports of the query's listing after {@code after}, the last one of
   * the page before (null: from the newest). Exports read a listing of any size this way: each
   * page one short read along the (received_at, id) index, bounded in time like any other, and
   * no transaction held open (its snapshot would hold back vacuum) while a client downloads.
   */
  public Future<List<Report>> listAfter(ReportQuery query, Report after, int limit) {
    StringBuilder sql = new StringBuilder(SELECT + " WHERE TRUE");
    Tuple args = Tuple.tuple();
    if (!query.districts().isEmpty()) {
      sql.append(" AND district IN (");
      appendParams(sql, args, query.districts().stream().sorted().toList());
      sql.append(')');
    }
    if (query.status() != null) {
      sql.append(" AND status = ?");
      args.addString(query.status().wire());
    }
    if (after != null) {
      sql.append(" AND (received_at, id) < (?, ?)");
      args.addLong(after.receivedAt().toEpochMilli()).addString(after.id());
    }
    sql.append(" ORDER BY received_at DESC, id DESC LIMIT ?");
    args.addInteger(limit);
    return reports(sql.toString(), args);
  }

  /** Reports within the window's span and filters, newest first. */
  public Future<List<Report>> within(ReportWindow window) {
    StringBuilder sql = new StringBuilder(SELECT + " WHERE received_at >= ? AND received_at <= ?");
    Tuple args = Tuple.of(window.from().toEpochMilli(), window.to().toEpochMilli());
    if (!window.ids().isEmpty()) {
      sql.append(" AND id IN (");
      appendParams(sql, args, window.ids());
      sql.append(')');
    }
    if (window.category() != null) {
      sql.append(" AND category = ?");
      args.addString(window.category());
    }
    if (window.open() != null) {
      sql.append(window.open() ? " AND status IN (" : " AND status NOT IN (").append(OPEN_STATUSES).append(')');
    }
    sql.append(" ORDER BY received_at DESC, id DESC LIMIT ?");
    args.addInteger(window.limit());
    return reports(sql.toString(), args);
  }

  /** The latest note of each report that has one, by report id. */
  public Future<Map<String, String>> latestNotes(List<String> ids) {
    return history.latestNotes(ids);
  }

  /** Open reports in id order after {@code afterId} (null: from the start), for rebuilding. */
  public Future<List<Report>> openAfter(String afterId, int limit) {
    return afterId == null
        ? reports(SELECT + " WHERE status IN (" + OPEN_STATUSES + ") ORDER BY id LIMIT ?", Tuple.of(limit))
        : reports(SELECT + " WHERE status IN (" + OPEN_STATUSES + ") AND id > ? ORDER BY id LIMIT ?",
            Tuple.of(afterId, limit));
  }

  /** Every report of an incident, newest first. */
  public Future<List<Report>> byIncident(String incidentId) {
    return reports(SELECT + " WHERE incident_id = ? ORDER BY received_at DESC, id DESC", Tuple.of(incidentId));
  }

  /** Open reports deferred during an emergency. */
  public Future<List<Report>> deferredOpen() {
    return reports(SELECT + " WHERE deferred AND status IN (" + OPEN_STATUSES + ")", Tuple.tuple());
  }

  /** Reports received or changed at or after {@code sinceMillis} (epoch milliseconds). */
  public Future<List<Report>> changedSince(long sinceMillis) {
    return reports(
        SELECT + " WHERE received_at >= ? OR id IN (SELECT report_id FROM report_history WHERE at >= ?)",
        Tuple.of(sinceMillis, sinceMillis));
  }

  /** The report's history, oldest first: its creation, then every change. */
  public Future<List<HistoryEntry>> history(Report report) {
    return submittedBy(report.id()).compose(by -> history.of(report, by.orElse(null)));
  }

  /**
   * Changes a report in one transaction: reads it under a row lock, checks the expected version,
   * lets the request compute the next version (it may refuse by throwing), writes it and its
   * history entry.
   *
   * @param expectedVersion the version the client last saw, or null to change whatever is there
   */
  public Future<ReportChange> update(String id, Integer expectedVersion, ReportChange.Request request) {
    return store.transaction(conn -> updateIn(conn, id, expectedVersion, request));
  }

  /**
   * The same change to several reports in one transaction (an incident's reports moved to
   * another): all or none. Changes come in the order of the ids.
   */
  public Future<List<ReportChange>> updateAll(List<String> ids, ReportChange.Request request) {
    return store.transaction(conn -> {
      List<ReportChange> changes = new ArrayList<>(ids.size());
      Future<Void> chain = Future.succeededFuture();
      for (String id : ids) {
        chain = chain.compose(v -> updateIn(conn, id, null, request).map(c -> {
          changes.add(c);
          return null;
        }));
      }
      return chain.map(v -> changes);
    });
  }

  /** One report's change inside a transaction, under a row lock. */
  private Future<ReportChange> updateIn(SqlConnection conn, String id, Integer expectedVersion, ReportChange.Request request) {
    return conn.preparedQuery(SELECT + " WHERE id = ? FOR UPDATE").execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(ReportChange.notFound());
      }
      Report current = fromRow(rows.iterator().next());
      if (expectedVersion != null && expectedVersion != current.version()) {
        return Future.succeededFuture(ReportChange.stale(current));
      }
      Report next = request.apply(current);
      return conn.preparedQuery(UPDATE)
          .execute(Tuple.tuple()
              .addString(next.status().wire())
              .addString(next.assignee())
              .addLong(next.updatedAt().toEpochMilli())
              .addInteger(next.version())
              .addBoolean(next.deferred())
              .addString(next.incident())
              .addString(next.id())
              .addInteger(current.version()))
          .compose(v -> history.append(conn, next, request.actor(), request.note()))
          .map(v -> ReportChange.applied(current, next));
    });
  }

  private Future<List<Report>> reports(String sql, Tuple args) {
    return store.query(c -> c.preparedQuery(sql).execute(args)).map(rows -> {
      List<Report> out = new ArrayList<>(rows.size());
      rows.forEach(row -> out.add(fromRow(row)));
      return out;
    });
  }

  private static void appendParams(StringBuilder sql, Tuple args, List<String> values) {
    String sep = "";
    for (String v : values) {
      sql.append(sep).append('?');
      args.addString(v);
      sep = ", ";
    }
  }

  private static Tuple insertRow(Submission s) {
    Report r = s.report();
    Report.Reporter reporter = r.reporter();
    return Tuple.tuple()
        .addString(r.id())
        .addString(r.district())
        .addString(r.routing().layerVersion())
        .addBoolean(r.routing().snapped())
        .addDouble(r.routing().distanceMeters())
        .addString(r.category())
        .addString(r.status().wire())
        .addString(r.description())
        .addDouble(r.lon())
        .addDouble(r.lat())
        .addString(reporter == null ? null : reporter.name())
        .addString(reporter == null ? null : reporter.phone())
        .addBoolean(reporter == null ? null : reporter.callback())
        .addString(reporter == null ? null : reporter.email())
        .addString(r.channel())
        .addLong(r.receivedAt().toEpochMilli())
        .addInteger(r.version())
        .addInteger(r.priority())
        .addString(r.assignee())
        .addLong(r.updatedAt().toEpochMilli())
        .addBoolean(r.deferred())
        .addString(r.incident())
        .addString(r.alert() == null ? null : r.alert().id())
        .addString(r.alert() == null ? null : r.alert().threat())
        .addString(s.idempotencyKey())
        .addString(s.requestHash())
        .addString(s.submittedBy());
  }

  private static Report fromRow(Row row) {
    String name = row.getString("reporter_name");
    String phone = row.getString("reporter_phone");
    Boolean callback = row.getBoolean("reporter_callback");
    String email = row.getString("reporter_email");
    String alert = row.getString("alert_id");
    return new Report(
        row.getString("id"),
        row.getString("district"),
        new Report.Routing(row.getString("layer_version"), row.getBoolean("snapped"), row.getDouble("snap_distance_m")),
        row.getString("category"),
        row.getInteger("priority"),
        ReportStatus.fromWire(row.getString("status")).orElseThrow(),
        row.getString("assignee"),
        row.getString("description"),
        row.getDouble("lon"),
        row.getDouble("lat"),
        name == null && phone == null && callback == null && email == null
            ? null
            : new Report.Reporter(name, phone, callback, email),
        row.getString("channel"),
        Instant.ofEpochMilli(row.getLong("received_at")),
        Instant.ofEpochMilli(row.getLong("updated_at")),
        row.getInteger("version"),
        row.getBoolean("deferred"),
        row.getString("incident_id"),
        alert == null ? null : new Report.AlertMark(alert, row.getString("alert_threat")));
  }
}
