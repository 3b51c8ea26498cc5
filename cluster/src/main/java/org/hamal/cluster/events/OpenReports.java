package org.hamal.cluster.events;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.processors.OpenReport;
import org.hamal.cluster.processors.OpenReportKey;
import org.hamal.cluster.processors.OpenReportUpdate;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.store.ReportRepository;

/**
 * The open reports, held in a Hazelcast map partitioned across the cluster with synchronous
 * backups: the working set that live screens are built from. The durable store remains the
 * record; this map is rebuilt from it after a full restart.
 *
 * <p>Keys are {@link OpenReportKey}s, partitioned by district: a district's reports share one
 * partition, so a district's screen is served from one member by a partition query. The price is
 * coarser balance (a city has a handful of districts), acceptable for a working set of open
 * reports.
 */
public final class OpenReports {


  private static final int RESTORE_PAGE = 1000;

  private final IMap<OpenReportKey, OpenReport> map;
  private final long timeoutMillis;

  public OpenReports(HazelcastInstance hazelcast, long timeoutMillis) {
    this.map = hazelcast.getMap(ClusterMaps.OPEN_REPORTS);
    this.timeoutMillis = timeoutMillis;
  }

  /** The map key of a report: its district decides its partition. */
  public static OpenReportKey key(String id, String district) {
    return new OpenReportKey(id, district);
  }

  /** A report as the map holds it: its API JSON, encoded once, beside the fields queries read. */
  public record Entry(String id, String district, OpenReport value) {
    public static Entry of(JsonObject report, String json) {
      OpenReport value = OpenReport.of(report, json);
      return new Entry(value.id(), value.district(), value);
    }
  }

  /**
   * Puts or replaces reports, or removes them once they are no longer open; an older version
   * never overwrites a newer one. One operation per district: a district is one partition.
   */
  public Future<Void> update(Context context, List<Entry> reports, boolean open) {
    Map<String, Map<String, OpenReport>> byDistrict = new HashMap<>();
    for (Entry r : reports) {
      byDistrict.computeIfAbsent(r.district(), d -> new HashMap<>()).put(r.id(), r.value());
    }
    List<Future<?>> all = new ArrayList<>(byDistrict.size());
    byDistrict.forEach((district, byId) -> {
      Set<OpenReportKey> keys = new HashSet<>(byId.size() * 2);
      byId.keySet().forEach(id -> keys.add(key(id, district)));
      all.add(ReportEvents.onContext(map.submitToKeys(keys, new OpenReportUpdate(byId, open)), context));
    });
    return Future.all(all).<Void>mapEmpty().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The version the map holds for a report and its status, or null when it holds none. */
  public Future<JsonObject> get(Context context, String id, String district) {
    return ReportEvents.onContext(map.getAsync(key(id, district)), context)
        .map(v -> v == null ? null : new JsonObject(v.json()))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * The open reports matching {@code predicate}, as API JSON. Runs the query on a worker thread:
   * Hazelcast's query API blocks.
   */
  public Future<List<JsonObject>> query(Vertx vertx, Predicate<OpenReportKey, OpenReport> predicate) {
    return encoded(vertx, predicate).map(all -> {
      List<JsonObject> out = new ArrayList<>(all.size());
      all.forEach(json -> out.add(new JsonObject(json)));
      return out;
    });
  }

  /**
   * The open reports matching {@code predicate} as the map holds them: API JSON, encoded. For
   * what is only passed on (a snapshot's pages): a string is a fraction of a decoded report's
   * memory, and needs no encoding again.
   */
  public Future<List<String>> encoded(Vertx vertx, Predicate<OpenReportKey, OpenReport> predicate) {
    return vertx
        .executeBlocking(
            () -> {
              Collection<OpenReport> values = map.values(predicate);
              List<String> out = new ArrayList<>(values.size());
              for (OpenReport v : values) {
                out.add(v.json());
              }
              return out;
            },
            false)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Chosen fields ({@link OpenReport}'s, e.g. {@code lon}) of the open reports matching {@code
   * predicate}, one array per report in the order of the fields, null where a report has none.
   * Projected on the members: periodic sweeps over thousands of reports must not move and decode
   * every report whole.
   */
  public Future<List<Object[]>> fields(
      Vertx vertx, Predicate<OpenReportKey, OpenReport> predicate, String... fields) {
    return vertx
        .executeBlocking(
            () -> {
              List<Object[]> out = new ArrayList<>();
              for (Object[] row : map.project(com.hazelcast.projection.Projections.<java.util.Map.Entry<OpenReportKey, OpenReport>>multiAttribute(fields), predicate)) {
                out.add(row);
              }
              return out;
            },
            false)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The reports with these (id, district) keys that are still open, as API JSON. */
  public Future<List<JsonObject>> getAll(Vertx vertx, java.util.Set<OpenReportKey> keys) {
    return vertx
        .executeBlocking(
            () -> {
              List<JsonObject> out = new ArrayList<>(keys.size());
              for (OpenReport v : map.getAll(keys).values()) {
                out.add(new JsonObject(v.json()));
              }
              return out;
            },
            false)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Fills the map from the store, page by page: what a full restart of the cluster emptied.
   *
   * @return how many reports were put back
   */
  public Future<Integer> restore(Vertx vertx, ReportRepository store, Function<Report, JsonObject> json) {
    return restorePages(vertx.getOrCreateContext(), store, json, null, 0);
  }

  private Future<Integer> restorePages(
      Context context, ReportRepository store, Function<Report, JsonObject> json, String after, int done) {
    return store
        .openAfter(after, RESTORE_PAGE)
        .compose(
            page -> {
              if (page.isEmpty()) {
                return Future.succeededFuture(done);
              }
              Map<OpenReportKey, OpenReport> entries = new HashMap<>();
              for (Report r : page) {
                JsonObject report = json.apply(r);
                entries.put(key(r.id(), r.district()), OpenReport.of(report, report.encode()));
              }
              String last = page.get(page.size() - 1).id();
              return ReportEvents.onContext(map.putAllAsync(entries), context)
                  .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                  .compose(v -> restorePages(context, store, json, last, done + page.size()));
            });
  }

  /** How many open reports the cluster holds (a cluster-wide count: not for hot paths). */
  public Future<Integer> size(Vertx vertx) {
    return vertx.executeBlocking(map::size).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
