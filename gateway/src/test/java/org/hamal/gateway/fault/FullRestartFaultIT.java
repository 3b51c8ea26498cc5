package org.hamal.gateway.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full restart of a cluster in an emergency: every node stopped (SIGTERM), then started again.
 * The city's state is in the store, so the mode (with its supervisor's hold), the incidents (with
 * a merge) and the deferred reports all come back; returning to routine then releases every
 * deferred report.
 */
class FullRestartFaultIT {

  private static final String NOISE =
      "{\"category\":\"noise\",\"description\":\"מסיבה רועשת\",\"location\":{\"lon\":34.545,\"lat\":31.655}}";

  @TempDir Path data;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theModeItsHoldTheIncidentsAndTheDeferredReportsSurviveAFullRestart() throws Exception {
    try (ThreeNodeCluster cluster = new ThreeNodeCluster(data)) {
      cluster.startAll();
      String token = cluster.adminToken();
      JsonObject held = json(send(cluster, 0, "PUT", "/api/v1/mode", token,
          "{\"mode\":\"emergency\",\"reason\":\"מטח רקטות על העיר\"}"), 200);

      // Two incidents of one category, merged into one; and two reports deferred by the emergency.
      String a = json(send(cluster, 1, "POST", "/api/v1/reports", token, report("trapped", 34.5450, 31.6550)), 201)
          .getString("incident");
      json(send(cluster, 2, "POST", "/api/v1/reports", token, report("trapped", 34.5451, 31.6551)), 201);
      String b = json(send(cluster, 0, "POST", "/api/v1/reports", token, report("trapped", 34.5600, 31.6600)), 201)
          .getString("incident");
      assertThat(b).isNotEqualTo(a);
      json(send(cluster, 1, "POST", "/api/v1/incidents/" + b + "/merge", token, "{\"into\":\"" + a + "\"}"), 200);
      List<String> deferred = new ArrayList<>();
      for (int node = 0; node < 2; node++) {
        JsonObject r = json(send(cluster, node, "POST", "/api/v1/reports", token, NOISE), 201);
        assertThat(r.getBoolean("deferred")).isTrue();
        deferred.add(r.getString("id"));
      }
      JsonObject incidentBefore = incident(cluster, a, token);
      assertThat(incidentBefore.getInteger("count")).isEqualTo(3);

      cluster.stopAll();
      cluster.startAll();

      JsonObject mode = json(send(cluster, 2, "GET", "/api/v1/mode", token, null), 200);
      for (String field : List.of("mode", "manual", "actor", "reason", "since")) {
        assertThat(mode.getValue(field)).as(field).isEqualTo(held.getValue(field));
      }
      JsonObject restart = json(send(cluster, 1, "GET", "/api/v1/mode/history", token, null), 200)
          .getJsonArray("history").getJsonObject(0);
      assertThat(restart.getString("trigger")).isEqualTo("restart");
      assertThat(restart.getString("reason")).contains("emergency").contains("מטח רקטות על העיר");

      JsonObject incidentAfter = incident(cluster, a, token);
      for (String field : List.of("category", "count", "priority", "districts", "firstAt", "lastAt")) {
        assertThat(incidentAfter.getValue(field)).as(field).isEqualTo(incidentBefore.getValue(field));
      }
      for (String axis : List.of("lon", "lat")) {
        assertThat(incidentAfter.getJsonObject("centroid").getDouble(axis))
            .isCloseTo(incidentBefore.getJsonObject("centroid").getDouble(axis), org.assertj.core.data.Offset.offset(1e-9));
      }
      JsonArray open = json(send(cluster, 0, "GET", "/api/v1/incidents", token, null), 200).getJsonArray("incidents");
      assertThat(open.stream().map(i -> ((JsonObject) i).getString("id"))).contains(a).doesNotContain(b);
      for (String id : deferred) {
        assertThat(json(send(cluster, 0, "GET", "/api/v1/reports/" + id, token, null), 200).getBoolean("deferred")).isTrue();
      }

      json(send(cluster, 0, "PUT", "/api/v1/mode", token, "{\"mode\":\"routine\",\"reason\":\"סוף האירוע\"}"), 200);
      // The oldest member releases them at once; each is read until it is (bounded).
      for (String id : deferred) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonObject r;
        do {
          r = json(send(cluster, 1, "GET", "/api/v1/reports/" + id, token, null), 200);
        } while (r.getBoolean("deferred") && System.nanoTime() < deadline);
        assertThat(r.getBoolean("deferred")).as("report %s released", id).isFalse();
      }
    }
  }

  private JsonObject incident(ThreeNodeCluster cluster, String id, String token) throws Exception {
    JsonObject incident = json(send(cluster, 2, "GET", "/api/v1/incidents/" + id, token, null), 200).getJsonObject("incident");
    assertThat(incident).as("incident %s", id).isNotNull();
    return incident;
  }

  private static String report(String category, double lon, double lat) {
    return new JsonObject().put("category", category).put("description", "לכודים")
        .put("location", new JsonObject().put("lon", lon).put("lat", lat)).encode();
  }

  private static JsonObject json(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  private HttpResponse<String> send(ThreeNodeCluster cluster, int node, String method, String path, String token, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.port(node) + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
