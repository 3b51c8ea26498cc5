package org.hamal.surge.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What surge asks of a node about rocket alerts (docs/alerts.md), in one place: the alert areas,
 * an alert, its all-clear, and the patroller tokens the field subscribers sign in with.
 */
public final class AlertsApi {

  public static final String AREAS_PATH = "/api/v1/alert-areas";
  public static final String ALERTS_PATH = "/api/v1/alerts";
  static final String LINKS_PATH = "/api/v1/devices/links";
  static final String DISTRICTS_PATH = "/api/v1/districts";
  static final String POSITION_PATH = "/api/v1/patrollers/me/position";

  /** An answer: its status and body (status 0 and the reason when the node could not be reached). */
  public record Answer(int status, String body) {

    public boolean ok() {
      return status / 100 == 2;
    }

    /** The error kind for a summary: {@code http_<status>_<code>}, or the failure. */
    public String errorKind() {
      if (status == 0) {
        return "unreachable";
      }
      try {
        JsonObject error = new JsonObject(body).getJsonObject("error");
        return "http_" + status + (error != null && error.getString("code") != null ? "_" + error.getString("code") : "");
      } catch (RuntimeException e) {
        return "http_" + status;
      }
    }
  }

  /** An alert area as {@code GET /api/v1/alert-areas} gives it: its id and the districts it overlaps. */
  public record Area(String id, Set<String> districts) {}

  private final URI target;
  private final long timeoutMillis;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public AlertsApi(URI target, long timeoutMillis) {
    this.target = target;
    this.timeoutMillis = timeoutMillis;
  }

  public CompletableFuture<Answer> areas() {
    return send(HttpRequest.newBuilder(target.resolve(AREAS_PATH)).GET(), null);
  }

  /** The areas of a {@code GET /api/v1/alert-areas} answer, in file order. */
  public static List<Area> parseAreas(String geoJson) {
    List<Area> areas = new ArrayList<>();
    for (Object f : new JsonObject(geoJson).getJsonArray("features", new JsonArray())) {
      JsonObject feature = (JsonObject) f;
      JsonObject props = feature.getJsonObject("properties", new JsonObject());
      String id = props.getString("id", feature.getValue("id") == null ? null : String.valueOf(feature.getValue("id")));
      Set<String> districts = new LinkedHashSet<>();
      props.getJsonArray("districts", new JsonArray()).forEach(d -> districts.add(String.valueOf(d)));
      if (id != null) {
        areas.add(new Area(id, Set.copyOf(districts)));
      }
    }
    return areas;
  }

  /** {@code POST /api/v1/alerts}: 201 (new) or 200 (the same sourceId again), with the alert. */
  public CompletableFuture<Answer> alert(String token, String sourceId, List<String> areas, String threat, int staySeconds) {
    JsonObject body =
        new JsonObject()
            .put("sourceId", sourceId)
            .put("areas", new JsonArray(areas))
            .put("threat", threat)
            .put("staySeconds", staySeconds);
    return post(ALERTS_PATH, token, body);
  }

  /** {@code POST /api/v1/alerts/{id}/clear}: the all-clear. */
  public CompletableFuture<Answer> clear(String token, String alertId) {
    return post(ALERTS_PATH + "/" + URLEncoder.encode(alertId, StandardCharsets.UTF_8) + "/clear", token, new JsonObject());
  }

  /** A patroller token for these districts, minted as a device sign-in link (admin or supervisor). */
  public CompletableFuture<Answer> patrollerLink(String token, String subject, List<String> districts, String ttl) {
    return post(LINKS_PATH, token,
        new JsonObject().put("subject", subject).put("districts", new JsonArray(districts)).put("ttl", ttl));
  }

  public CompletableFuture<Answer> districts() {
    return send(HttpRequest.newBuilder(target.resolve(DISTRICTS_PATH)).GET(), null);
  }

  /** {@code PUT /api/v1/patrollers/me/position}: the patroller is on duty, here. */
  public CompletableFuture<Answer> position(String patrollerToken, double lon, double lat) {
    return send(
        HttpRequest.newBuilder(target.resolve(POSITION_PATH))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject().put("lon", lon).put("lat", lat).encode())),
        patrollerToken);
  }

  /** The number of patrollers an alert (an answer to {@link #alert}) lists, or -1. */
  public static int patrollersListed(Answer answer) {
    try {
      JsonObject body = new JsonObject(answer.body());
      JsonObject alert = body.containsKey("alert") ? body.getJsonObject("alert") : body;
      return alert.getJsonArray("patrollers", new JsonArray()).size();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** The alert's id in an answer to {@link #alert}, or null. */
  public static String alertId(Answer answer) {
    try {
      JsonObject body = new JsonObject(answer.body());
      JsonObject alert = body.containsKey("alert") ? body.getJsonObject("alert") : body;
      return alert.getString("id");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private CompletableFuture<Answer> post(String path, String token, JsonObject body) {
    return send(
        HttpRequest.newBuilder(target.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())),
        token);
  }

  private CompletableFuture<Answer> send(HttpRequest.Builder request, String token) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.sendAsync(request.timeout(Duration.ofMillis(timeoutMillis)).build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Answer(r.statusCode(), r.body()))
        .exceptionally(e -> new Answer(0, String.valueOf(e.getCause() != null ? e.getCause() : e)));
  }
}
