package org.hamal.cluster.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hamal.cluster.report.HistoryEntry;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportStatus;

/**
 * Every change of a report after its creation: version 1 is the report row itself, each later
 * version a row of {@code report_history}, written in the transaction of the change.
 */
public final class ReportHistory {

  private static final String INSERT =
      "INSERT INTO report_history (report_id, version, at, actor, status, assignee, note)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String OF_REPORT =
      "SELECT version, at, actor, status, assignee, note FROM report_history WHERE report_id = ? ORDER BY version";

  /** Each listed report's latest note: Open311's status_notes. */
  private static final String LATEST_NOTES =
      "SELECT DISTINCT ON (report_id) report_id, note FROM report_history"
          + " WHERE report_id = ANY(?) AND note IS NOT NULL ORDER BY report_id, version DESC";

  private final Store store;

  ReportHistory(Store store) {
    this.store = store;
  }

  /** Records the change that made {@code next}, inside the change's transaction. */
  Future<Void> append(SqlConnection conn, Report next, String actor, String note) {
    HistoryEntry h = HistoryEntry.of(next, actor, note);
    return conn.preparedQuery(INSERT)
        .execute(Tuple.tuple()
            .addString(next.id())
            .addInteger(h.version())
            .addLong(h.at().toEpochMilli())
            .addString(h.actor())
            .addString(h.status().wire())
            .addString(h.assignee())
            .addString(h.note()))
        .mapEmpty();
  }

  /**
   * The report's history, oldest first: its creation (by {@code submittedBy}, null when not
   * recorded), then every change.
   */
  public Future<List<HistoryEntry>> of(Report report, String submittedBy) {
    return store.query(c -> c.preparedQuery(OF_REPORT).execute(Tuple.of(report.id())))
        .map(rows -> {
          List<HistoryEntry> out = new ArrayList<>(rows.size() + 1);
          out.add(HistoryEntry.creation(report, submittedBy));
          rows.forEach(row -> out.add(fromRow(row)));
          return out;
        });
  }

  /** The latest note of each of {@code ids} that has one, by report id. */
  public Future<Map<String, String>> latestNotes(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return store.query(c -> c.preparedQuery(LATEST_NOTES).execute(Tuple.of(ids.toArray(String[]::new))))
        .map(rows -> {
          Map<String, String> out = new HashMap<>();
          rows.forEach(row -> out.put(row.getString("report_id"), row.getString("note")));
          return out;
        });
  }

  private static HistoryEntry fromRow(Row row) {
    return new HistoryEntry(
        row.getInteger("version"),
        Instant.ofEpochMilli(row.getLong("at")),
        row.getString("actor"),
        ReportStatus.fromWire(row.getString("status")).orElseThrow(),
        row.getString("assignee"),
        row.getString("note"));
  }
}
