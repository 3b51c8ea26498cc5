package org.hamal.cluster.alerts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hamal.cluster.store.Store;

/**
 * Alerts in the store: the alert ({@code alerts}), who did what to it ({@code alert_audit}) and
 * the patrollers' "I am safe" answers ({@code alert_safe}). Every change writes its audit row in
 * the same transaction and raises the alert's version.
 */
public final class AlertRepository {

  private static final String COLUMNS =
      "id, source_id, threat, stay_seconds, started_at, ends_at, status, cleared_at, cleared_by, created_by,"
          + " areas, districts, concerned, version";
  private static final String INSERT =
      "INSERT INTO alerts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, 1)"
          + " ON CONFLICT (source_id) DO NOTHING";
  private static final String BY_SOURCE_FOR_UPDATE = "SELECT " + COLUMNS + " FROM alerts WHERE source_id = ? FOR UPDATE";
  private static final String BY_ID_FOR_UPDATE = "SELECT " + COLUMNS + " FROM alerts WHERE id = ? FOR UPDATE";
  private static final String JOINED =
      "SELECT a.*, s.patroller AS safe_patroller, s.at AS safe_at, s.districts AS safe_districts FROM (%s) a"
          + " LEFT JOIN alert_safe s ON s.alert_id = a.id"
          + " ORDER BY (a.status = 'active') DESC, a.started_at DESC, a.id, s.at, s.patroller";
  private static final String BY_ID = String.format(JOINED, "SELECT " + COLUMNS + " FROM alerts WHERE id = ?");
  /** The active alerts, newest first, then those cleared or ended since a time. */
  private static final String CURRENT = String.format(JOINED,
      "SELECT " + COLUMNS + " FROM alerts WHERE status = 'active' OR cleared_at >= ?"
          + " ORDER BY (status = 'active') DESC, started_at DESC, id LIMIT ?");
  private static final String ADD_AREAS =
      "UPDATE alerts SET areas = ?, districts = ?, concerned = ?, version = version + 1 WHERE id = ?";
  private static final String CLEAR =
      // An all-clear after the stay ran out (before the sweep ended it) clears at the end: the
      // clocks of the reports it held start then.
      "UPDATE alerts SET status = 'cleared', cleared_at = LEAST(?, ends_at), cleared_by = ?, version = version + 1"
          + " WHERE id = ? AND status = 'active'";
  private static final String DUE = "SELECT id FROM alerts WHERE status = 'active' AND ends_at <= ? FOR UPDATE";
  private static final String END =
      "UPDATE alerts SET status = 'ended', cleared_at = ends_at, cleared_by = 'system', version = version + 1"
          + " WHERE id = ? AND status = 'active'";
  private static final String INSERT_SAFE =
      "INSERT INTO alert_safe (alert_id, patroller, at, districts) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (alert_id, patroller) DO NOTHING";
  private static final String TOUCH = "UPDATE alerts SET version = version + 1 WHERE id = ?";
  private static final String AUDIT =
      "INSERT INTO alert_audit (alert_id, at, action, actor, detail) VALUES (?, ?, ?, ?, ?)";

  /** What a relayed alert did. */
  public enum Outcome {
    CREATED,
    AREAS_ADDED,
    SAME
  }

  public record Saved(Alert alert, Outcome outcome) {}

  /** The alert after a change, and whether the change did anything. */
  public record Changed(Alert alert, boolean changed) {}

  private final Store store;

  public AlertRepository(Store store) {
    this.store = store;
  }

  /**
   * Stores a relayed alert, or finds the one stored under its source id: two nodes relaying it
   * at once wait on the unique source id, and the second takes the first's. A repeat naming
   * other areas adds them (and their districts and patrollers) to an active alert.
   */
  public Future<Saved> create(Alert candidate) {
    return store.transaction(conn -> conn.preparedQuery(INSERT).execute(Tuple.tuple()
            .addString(candidate.id())
            .addString(candidate.sourceId())
            .addString(candidate.threat())
            .addInteger(candidate.staySeconds())
            .addLong(candidate.startedAt())
            .addLong(candidate.endsAt())
            .addString(Alert.ACTIVE)
            .addString(candidate.createdBy())
            .addString(Alert.areasJson(candidate.areas()).encode())
            .addString(new JsonArray(candidate.districts()).encode())
            .addString(Alert.patrollersJson(candidate.patrollers()).encode()))
        .compose(inserted -> inserted.rowCount() == 1
            ? audit(conn, candidate.id(), candidate.startedAt(), "created", candidate.createdBy(),
                    String.join(",", candidate.areaIds()))
                .compose(v -> read(conn, candidate.id()))
                .map(a -> new Saved(a, Outcome.CREATED))
            : repeated(conn, candidate)));
  }

  private Future<Saved> repeated(SqlClient conn, Alert candidate) {
    return conn.preparedQuery(BY_SOURCE_FOR_UPDATE).execute(Tuple.of(candidate.sourceId())).compose(rows -> {
      Alert stored = stored(rows.iterator().next());
      Alert joined = stored.joinedWith(candidate.areas(), candidate.districts(), candidate.patrollers());
      if (!stored.isActive() || joined.areas().size() == stored.areas().size()) {
        return read(conn, stored.id()).map(a -> new Saved(a, Outcome.SAME));
      }
      List<String> added = joined.areaIds().stream().filter(id -> !stored.areaIds().contains(id)).toList();
      return conn.preparedQuery(ADD_AREAS).execute(Tuple.tuple()
              .addString(Alert.areasJson(joined.areas()).encode())
              .addString(new JsonArray(joined.districts()).encode())
              .addString(Alert.patrollersJson(joined.patrollers()).encode())
              .addString(stored.id()))
          .compose(v -> audit(conn, stored.id(), System.currentTimeMillis(), "areas_added", candidate.createdBy(),
              String.join(",", added)))
          .compose(v -> read(conn, stored.id()))
          .map(a -> new Saved(a, Outcome.AREAS_ADDED));
    });
  }

  public Future<Optional<Alert>> find(String id) {
    return store.query(c -> c.preparedQuery(BY_ID).execute(Tuple.of(id))).map(rows -> assemble(rows).stream().findFirst());
  }

  /** The active alerts (newest first), then those cleared or ended at or after {@code since}; at most {@code limit}. */
  public Future<List<Alert>> current(long since, int limit) {
    return store.query(c -> c.preparedQuery(CURRENT).execute(Tuple.of(since, limit))).map(AlertRepository::assemble);
  }

  /** The all-clear; an alert no longer active stays as it is. Empty when there is no such alert. */
  public Future<Optional<Changed>> clear(String id, String actor, long at) {
    return store.transaction(conn -> conn.preparedQuery(CLEAR).execute(Tuple.of(at, actor, id))
        .compose(updated -> updated.rowCount() == 0
            ? Future.succeededFuture(false)
            : audit(conn, id, at, "cleared", actor, null).map(true))
        .compose(changed -> readIfAny(conn, id).map(found -> found.map(a -> new Changed(a, changed)))));
  }

  /** Ends the active alerts whose stay time ran out by {@code now}, each audited; the ended ones. */
  public Future<List<Alert>> endDue(long now) {
    return store.transaction(conn -> conn.preparedQuery(DUE).execute(Tuple.of(now)).compose(rows -> {
      List<String> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getString("id")));
      Future<List<Alert>> ended = Future.succeededFuture(new ArrayList<>());
      for (String id : ids) {
        ended = ended.compose(list -> conn.preparedQuery(END).execute(Tuple.of(id))
            .compose(v -> audit(conn, id, now, "ended", Alert.SYSTEM, null))
            .compose(v -> read(conn, id))
            .map(a -> {
              list.add(a);
              return list;
            }));
      }
      return ended;
    }));
  }

  /** The outcome of an "I am safe" answer. */
  public sealed interface SafeOutcome {}

  public record Answered(Alert alert, boolean changed) implements SafeOutcome {}

  public record NotActive(Alert alert) implements SafeOutcome {}

  /**
   * A patroller's "I am safe": the first answer is kept. Empty when there is no such alert; an
   * alert no longer active takes no answers.
   */
  public Future<Optional<SafeOutcome>> safe(String id, String patroller, List<String> districts, long at) {
    return store.transaction(conn -> conn.preparedQuery(BY_ID_FOR_UPDATE).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      Alert stored = stored(rows.iterator().next());
      if (!stored.isActive()) {
        return read(conn, id).map(a -> Optional.<SafeOutcome>of(new NotActive(a)));
      }
      return conn.preparedQuery(INSERT_SAFE).execute(Tuple.of(id, patroller, at, new JsonArray(districts).encode()))
          .compose(inserted -> inserted.rowCount() == 0
              ? Future.succeededFuture(false)
              : conn.preparedQuery(TOUCH).execute(Tuple.of(id))
                  .compose(v -> audit(conn, id, at, "safe", patroller, null)).map(true))
          .compose(changed -> read(conn, id).map(a -> Optional.<SafeOutcome>of(new Answered(a, changed))));
    }));
  }

  private static Future<Void> audit(SqlClient conn, String id, long at, String action, String actor, String detail) {
    return conn.preparedQuery(AUDIT).execute(Tuple.of(id, at, action, actor, detail)).mapEmpty();
  }

  private static Future<Alert> read(SqlClient conn, String id) {
    return readIfAny(conn, id).map(Optional::orElseThrow);
  }

  private static Future<Optional<Alert>> readIfAny(SqlClient conn, String id) {
    return conn.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> assemble(rows).stream().findFirst());
  }

  /** Joined rows (an alert once per safe answer) to alerts, in the rows' order. */
  private static List<Alert> assemble(RowSet<Row> rows) {
    Map<String, Alert> alerts = new LinkedHashMap<>();
    Map<String, Map<String, Alert.Patroller>> patrollers = new LinkedHashMap<>();
    for (Row r : rows) {
      String id = r.getString("id");
      Map<String, Alert.Patroller> concerned = patrollers.computeIfAbsent(id, k -> {
        Alert stored = stored(r);
        alerts.put(k, stored);
        Map<String, Alert.Patroller> byId = new LinkedHashMap<>();
        stored.patrollers().forEach(p -> byId.put(p.id(), p));
        return byId;
      });
      String answered = r.getString("safe_patroller");
      if (answered != null) {
        Alert.Patroller before = concerned.get(answered);
        List<String> districts = before != null
            ? before.districts()
            : Alert.strings(new JsonArray(r.getString("safe_districts")));
        concerned.put(answered, new Alert.Patroller(answered, districts, r.getLong("safe_at")));
      }
    }
    List<Alert> out = new ArrayList<>();
    alerts.forEach((id, a) -> out.add(new Alert(a.id(), a.sourceId(), a.threat(), a.status(), a.staySeconds(),
        a.areas(), a.districts(), a.startedAt(), a.endsAt(), a.clearedAt(), a.clearedBy(), a.createdBy(),
        new ArrayList<>(patrollers.get(id).values()), a.version())));
    return out;
  }

  /** An alert as its row holds it: its patrollers are those concerned when it came, none answered yet. */
  private static Alert stored(Row r) {
    return new Alert(
        r.getString("id"),
        r.getString("source_id"),
        r.getString("threat"),
        r.getString("status"),
        r.getInteger("stay_seconds"),
        Alert.areasFrom(new JsonArray(r.getString("areas"))),
        Alert.strings(new JsonArray(r.getString("districts"))),
        r.getLong("started_at"),
        r.getLong("ends_at"),
        r.getLong("cleared_at"),
        r.getString("cleared_by"),
        r.getString("created_by"),
        Alert.patrollersFrom(new JsonArray(r.getString("concerned"))),
        r.getLong("version"));
  }
}
