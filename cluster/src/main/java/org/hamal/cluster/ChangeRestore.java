package org.hamal.cluster;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Puts back journaled changes (status, assignee, incident) that the store lost with its host
 * ({@link IntakeJournal}): a report the store holds at an older version than the journals gets
 * the journaled state and the missing history entries, in one transaction per chunk. A report
 * the store holds at the journaled version or a newer one is left alone: a later change won.
 */
final class ChangeRestore {

  private static final String LOCK =
      "SELECT id, version FROM report WHERE id IN (%s) FOR UPDATE";

  private ChangeRestore() {}

  /**
   * @param beforeWrite runs before a chunk writes anything (the journal records the restore)
   * @return how many reports were brought forward
   */
  static Future<Integer> restore(
      RenewingPool pool, List<IntakeJournal.Change> journaled, int chunkSize, long timeoutMillis,
      Supplier<Future<Void>> beforeWrite) {
    List<List<IntakeJournal.Change>> reports = new ArrayList<>(byReport(journaled).values());
    Future<Integer> restored = Future.succeededFuture(0);
    for (int from = 0; from < reports.size(); from += chunkSize) {
      List<List<IntakeJournal.Change>> chunk = reports.subList(from, Math.min(reports.size(), from + chunkSize));
      restored = restored.compose(n -> pool.use(p -> p.withTransaction(conn -> restoreChunk(conn, chunk, beforeWrite)))
          .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
          .map(m -> n + m));
    }
    return restored;
  }

  /** @param reports each report's journaled changes, oldest first */
  private static Future<Integer> restoreChunk(
      SqlConnection conn, List<List<IntakeJournal.Change>> reports, Supplier<Future<Void>> beforeWrite) {
    StringBuilder params = new StringBuilder();
    Tuple ids = Tuple.tuple();
    for (List<IntakeJournal.Change> changes : reports) {
      params.append(params.length() == 0 ? "?" : ", ?");
      ids.addString(changes.get(0).after().id());
    }
    return conn.preparedQuery(LOCK.formatted(params))
        .execute(ids)
        .compose(rows -> {
          Map<String, Integer> stored = new HashMap<>();
          rows.forEach(row -> stored.put(row.getString(0), row.getInteger(1)));
          List<Tuple> updates = new ArrayList<>();
          List<Tuple> history = new ArrayList<>();
          for (List<IntakeJournal.Change> changes : reports) {
            IntakeJournal.Change latest = changes.get(changes.size() - 1);
            Integer at = stored.get(latest.after().id());
            if (at == null || at >= latest.after().version()) {
              continue; // gone (never the case for an acknowledged report) or already as new
            }
            updates.add(ReportStore.updateRow(latest.after(), at));
            for (IntakeJournal.Change c : changes) {
              if (c.after().version() > at) {
                history.add(ReportStore.historyRow(c.after().id(), c.history()));
              }
            }
          }
          if (updates.isEmpty()) {
            return Future.succeededFuture(0);
          }
          return beforeWrite.get()
              .compose(v -> conn.preparedQuery(ReportStore.UPDATE).executeBatch(updates))
              .compose(v -> conn.preparedQuery(ReportStore.INSERT_HISTORY).executeBatch(history))
              .map(updates.size());
        });
  }

  /** Each report's journaled changes, oldest first, one per version. */
  private static Map<String, List<IntakeJournal.Change>> byReport(List<IntakeJournal.Change> changes) {
    Map<String, Map<Integer, IntakeJournal.Change>> versions = new java.util.LinkedHashMap<>();
    for (IntakeJournal.Change c : changes) {
      versions.computeIfAbsent(c.after().id(), k -> new HashMap<>()).putIfAbsent(c.after().version(), c);
    }
    Map<String, List<IntakeJournal.Change>> out = new java.util.LinkedHashMap<>();
    versions.forEach((id, byVersion) -> {
      List<IntakeJournal.Change> list = new ArrayList<>(byVersion.values());
      list.sort(Comparator.comparingInt(c -> c.after().version()));
      out.put(id, list);
    });
    return out;
  }
}
