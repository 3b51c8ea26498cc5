package org.hamal.cluster;

import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hamal.geo.Geodesy;

/**
 * Groups reports into incidents: a rocket impact reported three hundred times, through several
 * channels, is one incident with a count, a centre and its highest priority. A new report joins
 * the nearest open incident of its category whose centre is within {@code radiusMeters} and whose
 * latest report is within the window; otherwise it starts one. Incidents live in the cluster (a
 * map by id, and a grid of cells per category to find them by); each report records its incident
 * in the store. The open reports are the truth: the oldest member recounts incidents from them
 * regularly, which corrects any drift and closes incidents with none left open.
 */
public final class Incidents {

  public static final String MAP = "hamal.incidents";
  static final String CELLS_MAP = "hamal.incident.cells";

  private final IMap<String, String> incidents;
  /**
   * How often per window a node refreshes a busy incident's cell index: an incident may drop out
   * of the index this much before its window ends (30 s of 15 min), and a barrage's reports do
   * not each cost an index update.
   */
  private static final int INDEX_REFRESHES_PER_WINDOW = 30;

  private record Known(String id, long indexedAt) {}

  private final IMap<String, String> cells;
  private final IncidentOptions options;
  private final long timeoutMillis;
  /**
   * Per cell, the incident this node last placed a report in and when this node last refreshed
   * the cell's index entry for it (bounded: cells of a window).
   */
  private final java.util.Map<String, Known> lastInCell = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Known> eldest) {
          return size() > 10_000;
        }
      });
  /** Under this key a context holds the joins its current task queued ({@link #joinAtEndOfTask}). */
  private final Object pendingJoinsKey = new Object();
  /** The last search started on this node per cell; the next one waits for it. */
  private final java.util.concurrent.ConcurrentMap<String, Future<JsonObject>> inFlight =
      new java.util.concurrent.ConcurrentHashMap<>();

  public Incidents(com.hazelcast.core.HazelcastInstance hz, IncidentOptions options, long timeoutMillis) {
    this.incidents = hz.getMap(MAP);
    this.cells = hz.getMap(CELLS_MAP);
    this.options = options;
    this.timeoutMillis = timeoutMillis;
  }

  public IncidentOptions options() {
    return options;
  }

  /**
   * The incident a new report belongs to (as it now is): one it joined, or a new one. Reports of
   * one cell are assigned one after another on a node: hundreds of reports of one impact arriving
   * at once would otherwise each find no incident yet and each start one.
   */
  public Future<JsonObject> assign(Context context, String category, double lon, double lat, int priority, String district, long at) {
    String cell = cell(category, lon, lat);
    // The hot path of a barrage: the incident this node last placed a report of the cell in
    // takes this one too, in one atomic step on the incident; otherwise the full search.
    Known known = lastInCell.get(cell);
    if (known != null) {
      long window = TimeUnit.MINUTES.toMillis(options.windowMinutes());
      ContextInternal own = (ContextInternal) context;
      return joinAtEndOfTask(own, known.id(), new PendingJoin(lon, lat, priority, district, at, own.promise()))
          .compose(joined -> {
            if (joined == null) {
              return searchInTurn(context, cell, category, lon, lat, priority, district, at);
            }
            // Keeps the incident findable from other nodes for the whole window; not awaited, and
            // not for every report of a barrage: a refresh a few seconds old serves as well. (Read
            // again: the reports of one join complete together, and the first refreshes it.)
            Known latest = lastInCell.get(cell);
            long indexedAt = latest != null && latest.id().equals(known.id()) ? latest.indexedAt() : known.indexedAt();
            if (at - indexedAt >= window / INDEX_REFRESHES_PER_WINDOW) {
              lastInCell.put(cell, new Known(known.id(), at));
              cells.submitToKey(cell, new IndexIncident(known.id(), at, window));
            }
            return Future.succeededFuture(joined);
          });
    }
    return searchInTurn(context, cell, category, lon, lat, priority, district, at);
  }

  /**
   * A report waiting to join a known incident; its promise completes on the report's own context
   * (a request's), whichever request's task sends the join.
   */
  private record PendingJoin(double lon, double lat, int priority, String district, long at, Promise<JsonObject> joined) {}

  /**
   * Queues a join to incident {@code id} until the end of this event-loop task, when every join
   * queued on the event loop for that incident goes as one operation: a commit group or a batch
   * request answers many reports of one impact in one task. Completes with the incident as it then
   * is, or null when this report may not join it. Off its context's thread (no caller does that
   * today) the join goes alone, at once: the queue belongs to the event loop.
   */
  private Future<JsonObject> joinAtEndOfTask(ContextInternal context, String id, PendingJoin join) {
    if (!context.isEventLoopContext() || !context.inThread()) {
      send(context, id, List.of(join));
      return join.joined().future();
    }
    // Duplicated contexts (one per HTTP request) share their event loop context's data.
    Map<String, List<PendingJoin>> pending = context.get(pendingJoinsKey);
    if (pending == null) {
      pending = new LinkedHashMap<>();
      context.put(pendingJoinsKey, pending);
      context.runOnContext(v -> sendJoins(context));
    }
    pending.computeIfAbsent(id, k -> new ArrayList<>()).add(join);
    return join.joined().future();
  }

  private void sendJoins(Context context) {
    Map<String, List<PendingJoin>> pending = context.get(pendingJoinsKey);
    context.remove(pendingJoinsKey);
    pending.forEach((id, joins) -> send(context, id, joins));
  }

  /** One operation on incident {@code id} for {@code joins}, each completed with its outcome. */
  private void send(Context context, String id, List<PendingJoin> joins) {
    int n = joins.size();
    double[] lon = new double[n];
    double[] lat = new double[n];
    int[] priority = new int[n];
    String[] district = new String[n];
    long[] at = new long[n];
    for (int i = 0; i < n; i++) {
      PendingJoin j = joins.get(i);
      lon[i] = j.lon();
      lat[i] = j.lat();
      priority[i] = j.priority();
      district[i] = j.district();
      at[i] = j.at();
    }
    long window = TimeUnit.MINUTES.toMillis(options.windowMinutes());
    Future<JoinIncident.Joined> sent;
    try {
      sent = ReportEvents.onContext(
          incidents.submitToKey(id, new JoinIncident(lon, lat, priority, district, at, options.radiusMeters(), window)),
          context);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e); // e.g. the member is shutting down: fail them, never leave them waiting
    }
    sent.timeout(timeoutMillis, TimeUnit.MILLISECONDS).onComplete(ar -> {
      JoinIncident.Joined result = ar.succeeded() ? ar.result() : null;
      JsonObject incident = result == null || result.incident() == null ? null : new JsonObject(result.incident());
      for (int i = 0; i < n; i++) {
        if (ar.failed()) {
          joins.get(i).joined().tryFail(ar.cause());
        } else {
          joins.get(i).joined().tryComplete(result != null && result.joined(i) ? incident : null);
        }
      }
    });
  }

  private Future<JsonObject> searchInTurn(
      Context context, String cell, String category, double lon, double lat, int priority, String district, long at) {
    Promise<JsonObject> done = Promise.promise();
    Future<JsonObject> previous = inFlight.put(cell, done.future());
    Future<?> after = previous == null ? Future.succeededFuture() : previous.transform(ar -> Future.succeededFuture());
    after.onComplete(v -> context.runOnContext(x ->
        assignNow(context, category, lon, lat, priority, district, at).onComplete(done)));
    return done.future().onComplete(ar -> {
      inFlight.remove(cell, done.future());
      if (ar.succeeded()) {
        lastInCell.put(cell, new Known(ar.result().getString("id"), at));
      }
    });
  }

  private Future<JsonObject> assignNow(Context context, String category, double lon, double lat, int priority, String district, long at) {
    long window = TimeUnit.MINUTES.toMillis(options.windowMinutes());
    Set<String> neighbourhood = neighbourhood(category, lon, lat);
    return getAll(context, cells, neighbourhood)
        .compose(found -> {
          Set<String> ids = new HashSet<>();
          for (String list : found.values()) {
            for (Object o : new JsonArray(list)) {
              ids.add(((JsonObject) o).getString("id"));
            }
          }
          if (ids.isEmpty()) {
            return Future.succeededFuture(Map.<String, String>of());
          }
          return getAll(context, incidents, ids);
        })
        .compose(candidates -> {
          String nearest = nearest(candidates, lon, lat, at, window);
          if (nearest == null) {
            return create(context, category, lon, lat, priority, district, at);
          }
          return ReportEvents.onContext(
                  incidents.submitToKey(nearest, new JoinIncident(lon, lat, priority, district, at, options.radiusMeters(), window)),
                  context)
              .compose(joined -> joined != null && joined.incident() != null
                  ? Future.succeededFuture(new JsonObject(joined.incident()))
                  : create(context, category, lon, lat, priority, district, at));
        })
        .onSuccess(incident -> cells.submitToKey(cell(category, lon, lat), new IndexIncident(incident.getString("id"), at, window)))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** IMap has no asynchronous getAll: one read-only processor over the keys, in one call. */
  private static Future<Map<String, String>> getAll(Context context, IMap<String, String> map, Set<String> keys) {
    return ReportEvents.onContext(map.submitToKeys(keys, new ReadValue()), context).map(all -> {
      Map<String, String> out = new HashMap<>();
      all.forEach((k, v) -> {
        if (v != null) {
          out.put(k, v);
        }
      });
      return out;
    });
  }

  private Future<JsonObject> create(
      Context context, String category, double lon, double lat, int priority, String district, long at) {
    String id = UUID.randomUUID().toString();
    JsonObject incident = new JsonObject()
        .put("id", id)
        .put("category", category)
        .put("status", "open")
        .put("count", 1)
        .put("centroid", new JsonObject().put("lon", lon).put("lat", lat))
        .put("priority", priority)
        .put("districts", new JsonArray().add(district))
        .put("firstAt", at)
        .put("lastAt", at)
        .put("version", 1);
    return ReportEvents.onContext(incidents.setAsync(id, incident.encode()), context).map(incident);
  }

  private String nearest(Map<String, String> candidates, double lon, double lat, long at, long window) {
    String best = null;
    double bestMeters = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, String> c : candidates.entrySet()) {
      JsonObject incident = new JsonObject(c.getValue());
      if (JoinIncident.joinable(incident, lon, lat, at, options.radiusMeters(), window)) {
        double m = JoinIncident.meters(incident.getJsonObject("centroid"), lon, lat);
        if (m < bestMeters) {
          best = c.getKey();
          bestMeters = m;
        }
      }
    }
    return best;
  }

  /** The cell of a point and its eight neighbours: every centre within the radius is there. */
  private Set<String> neighbourhood(String category, double lon, double lat) {
    long[] c = cellOf(lon, lat);
    Set<String> keys = new HashSet<>();
    for (long dx = -1; dx <= 1; dx++) {
      for (long dy = -1; dy <= 1; dy++) {
        keys.add(category + "|" + (c[0] + dx) + "|" + (c[1] + dy));
      }
    }
    return keys;
  }

  private String cell(String category, double lon, double lat) {
    long[] c = cellOf(lon, lat);
    return category + "|" + c[0] + "|" + c[1];
  }

  /** Cells a radius wide: metres east and north of the equator and the meridian, divided. */
  private long[] cellOf(double lon, double lat) {
    double size = options.radiusMeters();
    return new long[] {
      (long) Math.floor(lon * Geodesy.metersPerDegreeLon(lat) / size),
      (long) Math.floor(lat * Geodesy.metersPerDegreeLat() / size)
    };
  }

  public Future<JsonObject> get(Context context, String id) {
    return ReportEvents.onContext(incidents.getAsync(id), context)
        .map(v -> v == null ? null : new JsonObject(v))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Open incidents (the query blocks: a worker thread). */
  public Future<List<JsonObject>> open(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      List<JsonObject> out = new ArrayList<>();
      for (String v : incidents.values()) {
        JsonObject i = new JsonObject(v);
        if ("open".equals(i.getString("status"))) {
          out.add(i);
        }
      }
      return out;
    }, false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Recomputes every incident from the open reports (count, centre, priority, districts) and
   * returns the incidents that changed, closed ones with status {@code closed} (and removed).
   */
  public Future<List<JsonObject>> recount(Vertx vertx, OpenReports open) {
    return open.fields(vertx, com.hazelcast.query.Predicates.alwaysTrue(),
            "incident", "location.lon", "location.lat", "priority", "district")
        .compose(reports -> vertx.executeBlocking(() -> recount(reports), false))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** @param reports incident, lon, lat, priority, district of each open report */
  private List<JsonObject> recount(Collection<Object[]> reports) {
    Map<String, double[]> sums = new HashMap<>(); // count, lon, lat, priority
    Map<String, Set<String>> districts = new HashMap<>();
    for (Object[] r : reports) {
      if (!(r[0] instanceof String incident)) {
        continue;
      }
      double[] s = sums.computeIfAbsent(incident, k -> new double[4]);
      s[0]++;
      s[1] += ((Number) r[1]).doubleValue();
      s[2] += ((Number) r[2]).doubleValue();
      s[3] = Math.max(s[3], r[3] instanceof Number p ? p.doubleValue() : 1);
      districts.computeIfAbsent(incident, k -> new HashSet<>()).add((String) r[4]);
    }
    List<JsonObject> changed = new ArrayList<>();
    for (Map.Entry<String, String> e : incidents.entrySet()) {
      JsonObject incident = new JsonObject(e.getValue());
      if (!"open".equals(incident.getString("status"))) {
        continue;
      }
      double[] s = sums.get(e.getKey());
      JsonObject next = incident.copy();
      if (s == null) {
        next.put("status", "closed").put("count", 0);
      } else {
        next.put("count", (int) s[0])
            .put("centroid", new JsonObject().put("lon", s[1] / s[0]).put("lat", s[2] / s[0]))
            .put("priority", (int) s[3])
            .put("districts", new JsonArray(districts.get(e.getKey()).stream().sorted().toList()));
      }
      if (differs(incident, next)) {
        next.put("version", incident.getInteger("version") + 1);
        boolean replaced = "closed".equals(next.getString("status"))
            ? incidents.remove(e.getKey(), e.getValue())
            : incidents.replace(e.getKey(), e.getValue(), next.encode());
        if (replaced) {
          changed.add(next);
        }
      }
    }
    return changed;
  }

  private static boolean differs(JsonObject a, JsonObject b) {
    if (!a.getString("status").equals(b.getString("status"))
        || !a.getInteger("count").equals(b.getInteger("count"))
        || !a.getInteger("priority").equals(b.getInteger("priority"))) {
      return true;
    }
    JsonObject ca = a.getJsonObject("centroid");
    JsonObject cb = b.getJsonObject("centroid");
    return Math.abs(ca.getDouble("lon") - cb.getDouble("lon")) > 1e-7
        || Math.abs(ca.getDouble("lat") - cb.getDouble("lat")) > 1e-7
        || !new HashSet<>(a.getJsonArray("districts").getList()).equals(new HashSet<>(b.getJsonArray("districts").getList()));
  }

  /** A new, empty incident like {@code like} (split), to which reports are then moved. */
  public Future<JsonObject> newIncident(Context context, JsonObject like) {
    return create(context, like.getString("category"),
        like.getJsonObject("centroid").getDouble("lon"), like.getJsonObject("centroid").getDouble("lat"),
        like.getInteger("priority"), like.getJsonArray("districts").getString(0), System.currentTimeMillis());
  }

}
