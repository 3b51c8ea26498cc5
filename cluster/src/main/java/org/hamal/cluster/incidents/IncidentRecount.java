package org.hamal.cluster.incidents;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.processors.IndexIncident;
import org.hamal.cluster.report.Report;

/**
 * Incidents as their reports make them. The open reports are the truth: the oldest member
 * recounts every incident from them regularly (count, centre, priority, districts, first and last
 * report), which corrects any drift, closes incidents with none left open (unless their last
 * report may still be on its way to the map), and rebuilds those the
 * open reports name and the cluster lacks — after a full restart, or lost with a member. Blocking
 * work on the map runs on a worker thread.
 */
final class IncidentRecount {

  private final IMap<String, String> incidents;
  private final IMap<String, String> cells;
  private final IncidentGrid grid;
  private final IncidentOptions options;
  private final long timeoutMillis;
  /** An incident without open reports that had one this recently is not closed yet. */
  private final long youngMillis;
  private static final int YOUNG_TIMEOUTS = 3;

  IncidentRecount(IMap<String, String> incidents, IMap<String, String> cells, IncidentGrid grid,
      IncidentOptions options, long timeoutMillis) {
    this.incidents = incidents;
    this.cells = cells;
    this.grid = grid;
    this.options = options;
    this.timeoutMillis = timeoutMillis;
    // Longer than a report takes from its grouping to the open-reports map: its commit (bounded by
    // the timeout), then its announcement (retried within a few timeouts).
    this.youngMillis = YOUNG_TIMEOUTS * timeoutMillis;
  }

  /**
   * Recomputes every incident from the open reports (count, centre, priority, districts, first
   * and last report) and returns the incidents that changed, closed ones with status {@code closed} (and removed).
   * An incident the open reports name and the cluster lacks (after a full restart, or lost with
   * a member) is rebuilt from them: the reports are durable, the incidents follow from them.
   */
  public Future<List<JsonObject>> recount(Vertx vertx, OpenReports open, Set<String> settled) {
    return open.fields(vertx, com.hazelcast.query.Predicates.alwaysTrue(),
            "incident", "lon", "lat", "priority", "district", "category", "receivedAt")
        .compose(reports -> vertx.executeBlocking(() -> recount(reports, settled), false))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** What the open reports of one incident add up to. */
  private static final class Tally {
    int count;
    double lon;
    double lat;
    int priority;
    final Set<String> districts = new HashSet<>();
    String category;
    long firstAt = Long.MAX_VALUE;
    long lastAt = Long.MIN_VALUE;

    /** @param r incident, lon, lat, priority, district, category, receivedAt of an open report */
    void add(Object[] r) {
      add(((Number) r[1]).doubleValue(), ((Number) r[2]).doubleValue(), r[3] instanceof Number p ? p.intValue() : 1,
          (String) r[4], (String) r[5],
          r[6] instanceof Number at ? at.longValue() : null);
    }

    void add(Report r) {
      add(r.lon(), r.lat(), r.priority(), r.district(), r.category(), r.receivedAt().toEpochMilli());
    }

    private void add(double x, double y, int p, String district, String c, Long at) {
      count++;
      lon += x;
      lat += y;
      priority = Math.max(priority, p);
      districts.add(district);
      if (category == null) {
        category = c;
      }
      if (at != null) {
        firstAt = Math.min(firstAt, at);
        lastAt = Math.max(lastAt, at);
      }
    }

    JsonObject centroid() {
      return new JsonObject().put("lon", lon / count).put("lat", lat / count);
    }

    JsonArray sortedDistricts() {
      return new JsonArray(districts.stream().sorted().toList());
    }
  }

  /**
   * @param reports incident, lon, lat, priority, district, category, receivedAt of each open report
   * @param settled incidents whose reports are all in the open reports (a merge or split just
   *     moved them, committed and announced): counted as they are, young or not
   */
  private List<JsonObject> recount(Collection<Object[]> reports, Set<String> settled) {
    Map<String, Tally> tallies = new HashMap<>();
    for (Object[] r : reports) {
      if (r[0] instanceof String incident) {
        tallies.computeIfAbsent(incident, k -> new Tally()).add(r);
      }
    }
    List<JsonObject> changed = new ArrayList<>();
    Set<String> known = new HashSet<>();
    long now = System.currentTimeMillis();
    for (Map.Entry<String, String> e : incidents.entrySet()) {
      known.add(e.getKey());
      JsonObject incident = new JsonObject(e.getValue());
      if (!"open".equals(incident.getString("status"))) {
        continue;
      }
      Tally t = tallies.get(e.getKey());
      JsonObject next = incident.copy();
      boolean youngJoin = now - incident.getLong("lastAt") < youngMillis && !settled.contains(e.getKey());
      if (youngJoin && (t == null || t.lastAt < incident.getLong("lastAt"))) {
        // Its latest report may still be on its way, grouped before its commit and announcement:
        // counted now, the incident would shrink for a moment (or close) and grow back. (When that
        // report was closed instead, the correction waits for the next recount past youngMillis.)
        continue;
      }
      if (t == null) {
        next.put("status", "closed").put("count", 0);
      } else {
        next.put("count", t.count)
            .put("centroid", t.centroid())
            .put("priority", t.priority)
            .put("districts", t.sortedDistricts())
            .put("firstAt", t.firstAt)
            .put("lastAt", t.lastAt);
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
    tallies.forEach((id, t) -> {
      if (!known.contains(id)) {
        JsonObject rebuilt = describe(id, t);
        if (incidents.putIfAbsent(id, rebuilt.encode()) == null) {
          index(rebuilt);
          changed.add(rebuilt);
        }
      }
    });
    return changed;
  }

  /** An incident as its reports describe it. */
  private static JsonObject describe(String id, Tally t) {
    return new JsonObject()
        .put("id", id)
        .put("category", t.category)
        .put("status", "open")
        .put("count", t.count)
        .put("centroid", t.centroid())
        .put("priority", t.priority)
        .put("districts", t.sortedDistricts())
        .put("firstAt", t.firstAt)
        .put("lastAt", t.lastAt)
        .put("version", 1);
  }

  /** Makes an incident just put in the cluster findable (again) by new reports of its window. */
  private void index(JsonObject incident) {
    long window = TimeUnit.MINUTES.toMillis(options.windowMinutes());
    JsonObject c = incident.getJsonObject("centroid");
    cells.executeOnKey(
        grid.cell(incident.getString("category"), c.getDouble("lon"), c.getDouble("lat")),
        new IndexIncident(incident.getString("id"), incident.getLong("lastAt"), window));
  }

  private static boolean differs(JsonObject a, JsonObject b) {
    if (!a.getString("status").equals(b.getString("status"))
        || !a.getInteger("count").equals(b.getInteger("count"))
        || !a.getInteger("priority").equals(b.getInteger("priority"))
        || !a.getLong("firstAt").equals(b.getLong("firstAt"))
        || !a.getLong("lastAt").equals(b.getLong("lastAt"))) {
      return true;
    }
    JsonObject ca = a.getJsonObject("centroid");
    JsonObject cb = b.getJsonObject("centroid");
    return Math.abs(ca.getDouble("lon") - cb.getDouble("lon")) > 1e-7
        || Math.abs(ca.getDouble("lat") - cb.getDouble("lat")) > 1e-7
        || !new HashSet<>(a.getJsonArray("districts").getList()).equals(new HashSet<>(b.getJsonArray("districts").getList()));
  }

  /**
   * Records incident {@code id} as the reports just moved to it make it (a split): their count,
   * centre, highest priority, districts and times, findable by new reports of its window.
   */
  public Future<JsonObject> formedBy(Vertx vertx, String id, List<Report> reports) {
    Tally t = new Tally();
    reports.forEach(t::add);
    return vertx.executeBlocking(() -> {
      JsonObject incident = describe(id, t);
      incidents.set(id, incident.encode());
      index(incident);
      return incident;
    }, false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Closes incident {@code id} at once (its reports were all moved away): removed from the
   * cluster, and returned as closed for the screens; null if it was not open.
   */
  Future<JsonObject> close(Vertx vertx, String id) {
    return vertx.executeBlocking(() -> {
      String raw = incidents.remove(id);
      if (raw == null) {
        return null;
      }
      JsonObject closed = new JsonObject(raw);
      return closed.put("status", "closed").put("count", 0).put("version", closed.getInteger("version") + 1);
    }, false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
