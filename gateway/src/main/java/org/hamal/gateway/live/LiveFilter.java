package org.hamal.gateway.live;

import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hamal.cluster.processors.OpenReport;
import org.hamal.cluster.processors.OpenReportKey;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.http.ApiError;
import org.hamal.geo.Layer;

/**
 * What a live client asked to see. Empty sets mean "any". A patroller's filter is confined to the
 * districts of the token whatever the client asks.
 *
 * @param bbox [minLon, minLat, maxLon, maxLat], or null
 * @param includeDeferred whether reports deferred during an emergency are shown; field queues
 *     (patrollers) leave them out unless they ask
 */
record LiveFilter(
    Set<String> districts,
    double[] bbox,
    Set<String> categories,
    int minPriority,
    Set<String> statuses,
    boolean includeDeferred) {

  /** Everything the caller may see. */
  static LiveFilter everything(Caller caller) {
    return new LiveFilter(
        caller.isConfinedToDistricts() ? Set.copyOf(caller.districts()) : Set.of(),
        null,
        Set.of(),
        Report.MIN_PRIORITY,
        Set.of(),
        !caller.isConfinedToDistricts());
  }

  /** Parses and checks a {@code subscribe} filter; refusals are {@link ApiError}s. */
  static LiveFilter parse(JsonObject json, Caller caller, Layer layer, List<String> knownCategories) {
    JsonObject f = json == null ? new JsonObject() : json;
    Set<String> districts = strings(f, "districts");
    for (String d : districts) {
      if (layer.district(d).isEmpty()) {
        throw ApiError.invalid("unknown_district", "no district " + d, "filter.districts");
      }
      if (!caller.reaches(d)) {
        throw ApiError.forbidden("district_forbidden", "district " + d + " is not yours", "filter.districts");
      }
    }
    if (districts.isEmpty() && caller.isConfinedToDistricts()) {
      districts = Set.copyOf(caller.districts());
    }
    Set<String> categories = strings(f, "categories");
    for (String c : categories) {
      if (!knownCategories.contains(c)) {
        throw ApiError.invalid("unknown_category", "no category " + c, "filter.categories");
      }
    }
    Set<String> statuses = strings(f, "statuses");
    for (String s : statuses) {
      if (ReportStatus.fromWire(s).filter(ReportStatus::isOpen).isEmpty()) {
        throw ApiError.invalid("unknown_status", "not an open status: " + s, "filter.statuses");
      }
    }
    int minPriority = Report.MIN_PRIORITY;
    if (f.containsKey("minPriority")) {
      if (!(f.getValue("minPriority") instanceof Integer p) || p < Report.MIN_PRIORITY || p > Report.MAX_PRIORITY) {
        throw ApiError.invalid("out_of_range", "minPriority is 1 to 5", "filter.minPriority");
      }
      minPriority = p;
    }
    boolean includeDeferred = !caller.isConfinedToDistricts();
    if (f.containsKey("deferred")) {
      if (!(f.getValue("deferred") instanceof Boolean b)) {
        throw ApiError.invalid("invalid_type", "deferred must be true or false", "filter.deferred");
      }
      includeDeferred = b;
    }
    return new LiveFilter(districts, bbox(f), categories, minPriority, statuses, includeDeferred);
  }

  boolean matches(
      String district, double lon, double lat, String category, int priority, String status, boolean deferred) {
    return (includeDeferred || !deferred)
        && (districts.isEmpty() || districts.contains(district))
        && (bbox == null || (lon >= bbox[0] && lat >= bbox[1] && lon <= bbox[2] && lat <= bbox[3]))
        && (categories.isEmpty() || categories.contains(category))
        && priority >= minPriority
        && (statuses.isEmpty() || statuses.contains(status));
  }

  boolean matches(LiveEvent e) {
    if (e.isIncident()) {
      return matchesIncident(e.districts, e.lon, e.lat, e.category, e.priority);
    }
    return matches(e.district, e.lon, e.lat, e.category, e.priority, e.status, e.deferred);
  }

  /** An incident matches when any of its districts does, and its centre, category, priority. */
  boolean matchesIncident(List<String> incidentDistricts, double lon, double lat, String category, int priority) {
    return (districts.isEmpty() || anyOf(incidentDistricts))
        && (bbox == null || (lon >= bbox[0] && lat >= bbox[1] && lon <= bbox[2] && lat <= bbox[3]))
        && (categories.isEmpty() || categories.contains(category))
        && priority >= minPriority;
  }

  /** A loop, not a stream: this runs for every client on every incident change. */
  private boolean anyOf(List<String> incidentDistricts) {
    for (String d : incidentDistricts) {
      if (districts.contains(d)) {
        return true;
      }
    }
    return false;
  }

  boolean matchesIncident(JsonObject incident) {
    JsonObject c = incident.getJsonObject("centroid");
    return matchesIncident(
        incident.getJsonArray("districts").stream().map(String::valueOf).toList(),
        c.getDouble("lon"),
        c.getDouble("lat"),
        incident.getString("category"),
        incident.getInteger("priority"));
  }

  /** What a change means for a client of this filter. */
  enum Effect {
    /** Nothing: the client does not see it. */
    NONE,
    /** The report or incident, new or changed, is shown. */
    SHOW,
    /** It leaves the client's picture (closed, or no longer matching). */
    REMOVE,
    /** An overdue report: sent at once, never coalesced away. */
    ESCALATE
  }

  Effect effectOf(LiveEvent e) {
    boolean matches = matches(e);
    return switch (e.kind) {
      case CREATED -> matches ? Effect.SHOW : Effect.NONE;
      case UPDATED -> matches ? Effect.SHOW : matchedBefore(e) ? Effect.REMOVE : Effect.NONE;
      case INCIDENT -> !matches ? Effect.NONE : "closed".equals(e.status) ? Effect.REMOVE : Effect.SHOW;
      case ESCALATED -> matches ? Effect.ESCALATE : Effect.NONE;
      default -> matches || matchedBefore(e) ? Effect.REMOVE : Effect.NONE;
    };
  }

  /** Whether the report matched before this event changed its status. */
  boolean matchedBefore(LiveEvent e) {
    return !e.isIncident()
        && e.previousStatus != null
        && matches(e.district, e.lon, e.lat, e.category, e.priority, e.previousStatus, e.previousDeferred);
  }

  /** The same filter as a cluster-map query over the open reports' fields. */
  Predicate<OpenReportKey, OpenReport> predicate() {
    List<Predicate<OpenReportKey, OpenReport>> all = new ArrayList<>();
    if (!districts.isEmpty()) {
      all.add(Predicates.in("district", districts.toArray(String[]::new)));
    }
    if (!categories.isEmpty()) {
      all.add(Predicates.in("category", categories.toArray(String[]::new)));
    }
    if (!statuses.isEmpty()) {
      all.add(Predicates.in("status", statuses.toArray(String[]::new)));
    }
    if (minPriority > Report.MIN_PRIORITY) {
      all.add(Predicates.greaterEqual("priority", minPriority));
    }
    if (!includeDeferred) {
      all.add(Predicates.equal("deferred", false));
    }
    if (bbox != null) {
      all.add(Predicates.between("lon", bbox[0], bbox[2]));
      all.add(Predicates.between("lat", bbox[1], bbox[3]));
    }
    if (all.isEmpty()) {
      return Predicates.alwaysTrue();
    }
    @SuppressWarnings("unchecked")
    Predicate<OpenReportKey, OpenReport>[] parts = all.toArray(Predicate[]::new);
    return Predicates.and(parts);
  }

  JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("districts", new JsonArray(new ArrayList<>(new TreeSet<>(districts))))
            .put("categories", new JsonArray(new ArrayList<>(new TreeSet<>(categories))))
            .put("statuses", new JsonArray(new ArrayList<>(new TreeSet<>(statuses))))
            .put("minPriority", minPriority)
            .put("deferred", includeDeferred);
    if (bbox != null) {
      json.put("bbox", new JsonArray().add(bbox[0]).add(bbox[1]).add(bbox[2]).add(bbox[3]));
    }
    return json;
  }

  private static Set<String> strings(JsonObject f, String key) {
    Object value = f.getValue(key);
    if (value == null) {
      return Set.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw ApiError.invalid("invalid_type", key + " must be an array of strings", "filter." + key);
    }
    Set<String> out = new TreeSet<>();
    for (Object o : array) {
      if (!(o instanceof String s)) {
        throw ApiError.invalid("invalid_type", key + " must be an array of strings", "filter." + key);
      }
      out.add(s);
    }
    return Set.copyOf(out);
  }

  private static double[] bbox(JsonObject f) {
    Object value = f.getValue("bbox");
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray a) || a.size() != 4) {
      throw ApiError.invalid("invalid_type", "bbox is [minLon, minLat, maxLon, maxLat]", "filter.bbox");
    }
    double[] b = new double[4];
    for (int i = 0; i < 4; i++) {
      if (!(a.getValue(i) instanceof Number n)) {
        throw ApiError.invalid("invalid_type", "bbox is [minLon, minLat, maxLon, maxLat]", "filter.bbox");
      }
      b[i] = n.doubleValue();
    }
    if (b[0] > b[2] || b[1] > b[3] || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90) {
      throw ApiError.invalid("out_of_range", "bbox corners are out of order or out of range", "filter.bbox");
    }
    return b;
  }
}
