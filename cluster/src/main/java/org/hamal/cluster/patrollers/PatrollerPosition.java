package org.hamal.cluster.patrollers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a patroller on duty was last, and a short trail of where it was before (oldest first,
 * the latest position last). Kept in the cluster as JSON, times in epoch milliseconds.
 *
 * @param accuracyM the tablet's estimate in metres, or null when it gave none
 */
public record PatrollerPosition(
    String subject, List<String> districts, double lon, double lat, Double accuracyM, Instant at, List<Point> trail) {

  /** One point of a trail. */
  public record Point(double lon, double lat, Instant at) {}

  public PatrollerPosition {
    districts = List.copyOf(districts);
    trail = List.copyOf(trail);
  }

  /** The first position of a patroller coming on duty. */
  public static PatrollerPosition first(
      String subject, List<String> districts, double lon, double lat, Double accuracyM, Instant at) {
    return new PatrollerPosition(subject, districts, lon, lat, accuracyM, at, List.of(new Point(lon, lat, at)));
  }

  /** This patroller at a new position: the trail gains it and keeps what is recent enough. */
  public PatrollerPosition movedTo(
      List<String> districts, double lon, double lat, Double accuracyM, Instant at, PatrollerOptions options) {
    List<Point> next = new ArrayList<>(recentTrail(at, options));
    next.add(new Point(lon, lat, at));
    int from = Math.max(0, next.size() - options.trailPoints());
    return new PatrollerPosition(subject, districts, lon, lat, accuracyM, at, next.subList(from, next.size()));
  }

  /** The trail's points no older than {@code trailMinutes} before {@code now}. */
  public List<Point> recentTrail(Instant now, PatrollerOptions options) {
    Instant since = now.minus(Duration.ofMinutes(options.trailMinutes()));
    return trail.stream().filter(p -> !p.at().isBefore(since)).toList();
  }

  public JsonObject toJson() {
    JsonArray points = new JsonArray();
    trail.forEach(p -> points.add(new JsonObject().put("lon", p.lon()).put("lat", p.lat()).put("at", p.at().toEpochMilli())));
    return new JsonObject()
        .put("subject", subject)
        .put("districts", new JsonArray(districts))
        .put("lon", lon)
        .put("lat", lat)
        .put("accuracyM", accuracyM)
        .put("at", at.toEpochMilli())
        .put("trail", points);
  }

  public static PatrollerPosition fromJson(JsonObject json) {
    List<Point> trail = new ArrayList<>();
    for (Object o : json.getJsonArray("trail", new JsonArray())) {
      JsonObject p = (JsonObject) o;
      trail.add(new Point(p.getDouble("lon"), p.getDouble("lat"), Instant.ofEpochMilli(p.getLong("at"))));
    }
    return new PatrollerPosition(
        json.getString("subject"),
        json.getJsonArray("districts", new JsonArray()).stream().map(String::valueOf).toList(),
        json.getDouble("lon"),
        json.getDouble("lat"),
        json.getDouble("accuracyM"),
        Instant.ofEpochMilli(json.getLong("at")),
        trail);
  }
}
