package org.hamal.cluster.incidents;

import com.hazelcast.map.IMap;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.cluster.processors.IndexIncident;
import org.hamal.cluster.processors.JoinIncident;
import org.hamal.cluster.processors.ReadValue;
import org.hamal.cluster.report.Report;

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
  private final IncidentGrid grid;
  private final IncidentRecount recounts;
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
    this.incidents = hz.getMap(ClusterMaps.INCIDENTS);
    this.cells = hz.getMap(ClusterMaps.INCIDENT_CELLS);
    this.options = options;
    this.timeoutMillis = timeoutMillis;
    this.grid = new IncidentGrid(options.radiusMeters());
    this.recounts = new IncidentRecount(incidents, cells, grid, options, timeoutMillis);
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
    String cell = grid.cell(category, lon, lat);
    // The hot path of a barrage: the incident this node last placed a report of the cell in
    // takes this one too, in one atomic step on the incident; otherwise the full search.
    Known known = lastInCell.get(cell);
    if (known != null) {
      long window = TimeUnit.MINUTES.toMillis(options.windowMinutes());
      return joinAtEndOfTask(context, known.id(), new PendingJoin(lon, lat, priority, district, at, context, Promise.promise()))
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
   * As {@link #assign(Context, String, double, double, int, String, long)}, trying first the
   * incident a person chose ({@code preferred}: a call-taker told "already reported" takes it).
   * A hint, not an order: an incident that is gone, of another category, or too far or too old to
   * join by the usual rule is passed over for the usual search.
   */
  public Future<JsonObject> assign(
      Context context, String category, double lon, double lat, int priority, String district, long at, String preferred) {
    if (preferred == null) {
      return assign(context, category, lon, lat, priority, district, at);
    }
    return get(context, preferred)
        .compose(incident -> incident == null || !category.equals(incident.getString("category"))
            ? Future.succeededFuture(null)
            : joinAtEndOfTask(context, preferred, new PendingJoin(lon, lat, priority, district, at, context, Promise.promise())))
        .compose(joined -> joined != null
            ? Future.succeededFuture(joined)
            : assign(context, category, lon, lat, priority, district, at));
  }

  /**
   * A report waiting to join a known incident; its promise completes on the report's own context
   * (a request's), whichever request's task sends the join.
   */
  private record PendingJoin(
      double lon, double lat, int priority, String district, long at, Context context, Promise<JsonObject> joined) {

    void complete(Context current, AsyncResult<JsonObject> outcome) {
      if (context == current) {
        settle(outcome);
      } else {
        context.runOnContext(v -> settle(outcome));
      }
    }

    private void settle(AsyncResult<JsonObject> outcome) {
      if (outcome.succeeded()) {
        joined.tryComplete(outcome.result());
      } else {
        joined.tryFail(outcome.cause());
      }
    }
  }

  /**
   * Queues a join to incident {@code id} until the end of this event-loop task, when every join
   * queued on the event loop for that incident goes as one operation: a commit group or a batch
   * request answers many reports of one impact in one task. Completes with the incident as it then
   * is, or null when this report may not join it. Off its context (no caller does that today)
   * the join goes alone, at once: the queue belongs to the event loop.
   */
  private Future<JsonObject> joinAtEndOfTask(Context context, String id, PendingJoin join) {
    if (!context.isEventLoopContext() || Vertx.currentContext() != context) {
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
        joins.get(i).complete(context, ar.failed()
            ? Future.failedFuture(ar.cause())
            : Future.succeededFuture(result != null && result.joined(i) ? incident : null));
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
    Set<String> neighbourhood = grid.neighbourhood(category, lon, lat);
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
        .onSuccess(incident -> cells.submitToKey(grid.cell(category, lon, lat), new IndexIncident(incident.getString("id"), at, window)))
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
   * Recomputes every incident from the open reports and returns the incidents that changed
   * ({@link IncidentRecount#recount}).
   */
  public Future<List<JsonObject>> recount(Vertx vertx, OpenReports open) {
    return recount(vertx, open, Set.of());
  }

  /**
   * As {@link #recount(Vertx, OpenReports)}, counting {@code settled} as they are even when they
   * took a report just now (a merge or split knows their reports are all in the open reports).
   */
  public Future<List<JsonObject>> recount(Vertx vertx, OpenReports open, Set<String> settled) {
    return recounts.recount(vertx, open, settled);
  }

  /** Records incident {@code id} as the reports just moved to it make it ({@link IncidentRecount#formedBy}). */
  public Future<JsonObject> formedBy(Vertx vertx, String id, List<Report> reports) {
    return recounts.formedBy(vertx, id, reports);
  }

  /** Closes an incident whose reports were all moved away ({@link IncidentRecount#close}). */
  public Future<JsonObject> close(Vertx vertx, String id) {
    return recounts.close(vertx, id);
  }
}
