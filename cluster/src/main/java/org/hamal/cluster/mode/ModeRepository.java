package org.hamal.cluster.mode;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hamal.cluster.store.Store;

/**
 * The mode in the store: the state in force ({@code mode_state}, one row) and the audit log of
 * every change ({@code mode_audit}). A change writes both in one transaction.
 */
public final class ModeRepository {

  private static final String STATE =
      "SELECT version, mode, manual, trigger, actor, reason, since FROM mode_state WHERE id = 1";
  private static final String INSERT_STATE =
      "INSERT INTO mode_state (id, version, mode, manual, trigger, actor, reason, since)"
          + " VALUES (1, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
  private static final String UPDATE_STATE =
      "UPDATE mode_state SET version = ?, mode = ?, manual = ?, trigger = ?, actor = ?, reason = ?, since = ?"
          + " WHERE id = 1 AND version = ?";
  private static final String INSERT_AUDIT =
      "INSERT INTO mode_audit (id, at, mode, previous, trigger, actor, reason, details)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String HISTORY =
      "SELECT id, at, mode, previous, trigger, actor, reason, details FROM mode_audit ORDER BY at DESC, id LIMIT ?";

  private final Store store;

  public ModeRepository(Store store) {
    this.store = store;
  }

  /** The state last written, or empty for a store that never had one. */
  public Future<Optional<ModeState>> state() {
    return store.query(c -> c.query(STATE).execute())
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stateFrom(rows.iterator().next())));
  }

  /**
   * Writes {@code next} over the state at version {@code expected} (0: none stored yet), with its
   * audit entry, in one transaction. False, with nothing written, when another change came first.
   */
  public Future<Boolean> transition(long expected, ModeState next, ModeAudit audit) {
    return store.transaction(conn -> conn.preparedQuery(expected == 0 ? INSERT_STATE : UPDATE_STATE)
        .execute(stateRow(next, expected))
        .compose(rows -> rows.rowCount() == 0
            ? Future.succeededFuture(false)
            : insertAudit(conn, audit).map(true)));
  }

  /** An audit entry that changes no state (the cluster restarted in its mode). */
  public Future<Void> audit(ModeAudit audit) {
    return store.transaction(conn -> insertAudit(conn, audit));
  }

  /** The latest entries, newest first. */
  public Future<List<ModeAudit>> history(int limit) {
    return store.query(c -> c.preparedQuery(HISTORY).execute(Tuple.of(limit))).map(rows -> {
      List<ModeAudit> out = new ArrayList<>();
      rows.forEach(r -> out.add(new ModeAudit(
          r.getString("id"),
          Instant.ofEpochMilli(r.getLong("at")),
          Mode.fromWire(r.getString("mode")).orElseThrow(),
          Mode.fromWire(r.getString("previous")).orElseThrow(),
          r.getString("trigger"),
          r.getString("actor"),
          r.getString("reason"),
          r.getString("details"))));
      return out;
    });
  }

  private static Future<Void> insertAudit(SqlConnection conn, ModeAudit a) {
    return conn.preparedQuery(INSERT_AUDIT)
        .execute(Tuple.tuple()
            .addString(a.id())
            .addLong(a.at().toEpochMilli())
            .addString(a.mode().wire())
            .addString(a.previous().wire())
            .addString(a.trigger())
            .addString(a.actor())
            .addString(a.reason())
            .addString(a.details()))
        .mapEmpty();
  }

  private static Tuple stateRow(ModeState s, long expected) {
    Tuple row = Tuple.tuple()
        .addLong(s.version())
        .addString(s.mode().wire())
        .addBoolean(s.manual())
        .addString(s.trigger())
        .addString(s.actor())
        .addString(s.reason())
        .addLong(s.since().toEpochMilli());
    return expected == 0 ? row : row.addLong(expected);
  }

  private static ModeState stateFrom(Row r) {
    return new ModeState(
        Mode.fromWire(r.getString("mode")).orElseThrow(),
        r.getBoolean("manual"),
        r.getString("trigger"),
        r.getString("actor"),
        r.getString("reason"),
        Instant.ofEpochMilli(r.getLong("since")),
        null,
        null,
        r.getLong("version"));
  }
}
