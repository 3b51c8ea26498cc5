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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.Eventually;
import org.hamal.gateway.LiveClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A screen on node B while reports are posted and changed on node A; B is killed; the screen
 * resumes on node C with its last sequence and ends with exactly the store's open reports.
 */
class LiveFailoverFaultIT {

  private static final String REPORT =
      "{\"category\":\"hazard\",\"description\":\"failover\",\"location\":{\"lon\":34.5712,\"lat\":31.6688}}";
  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;

  @TempDir Path data;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aScreenResumesOnAnotherNodeWithExactlyTheOpenReports() throws Exception {
    try (ThreeNodeCluster cluster = new ThreeNodeCluster(data)) {
      cluster.startAll();
      String token = cluster.adminToken();
      LiveClient onB = LiveClient.connect(live(cluster, B), token);
      onB.next("hello", 30);
      onB.subscribe(new JsonObject(), null, null);
      onB.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);

      String last = null;
      for (int i = 0; i < 20; i++) {
        last = post(cluster, token);
        if (i % 4 == 0) {
          close(cluster, token, last);
        }
      }
      String seen = last;
      assertThat(onB.next(m -> m.getString("type").startsWith("report.") && seen.equals(m.getJsonObject("report").getString("id")), 30))
          .isNotNull();

      // The screen may have read the log's newest entries from their owner before the backups
      // had them; killed then, B would take them along, and C would rightly answer a snapshot
      // (diverged). The failover under test starts from a cluster whose backups hold what it read.
      assertThat(Eventually.until(() -> new JsonObject(send(cluster, token, "GET", "/api/v1/cluster", null).body())
          .getBoolean("partitionsSafe", false), safe -> safe, Duration.ofSeconds(60))).as("backups in sync").isTrue();
      cluster.node(B).kill();
      // While the screen is cut off: more reports, and changes to ones it already has.
      for (int i = 0; i < 20; i++) {
        String id = post(cluster, token);
        if (i % 3 == 0) {
          close(cluster, token, id);
        }
      }
      // C's feed may still be reading the log after the kill; a node whose feed is behind the
      // client's position rightly answers a snapshot (unknown_sequence). Resume where it has caught up.
      LiveClient caughtUp = Eventually.until(() -> {
        LiveClient c = LiveClient.reconnect(live(cluster, C), token, onB);
        JsonObject hello = c.next("hello", 30);
        if (hello != null && hello.getLong("seq") >= onB.seq()) {
          return c;
        }
        c.close();
        return null;
      }, c -> c != null, Duration.ofSeconds(60));
      assertThat(caughtUp).as("C's feed reached the screen's position").isNotNull();
      try (LiveClient onC = caughtUp) {
        onB.close();
        assertThat(onB.tag()).as("B named the entry at the client's position").isNotNull();
        onC.subscribe(new JsonObject(), onB.epoch(), onB.seq(), onB.tag());
        assertThat(onC.next("subscribed", 30).getString("mode")).isEqualTo("resume");
        // Every message moves the picture on; it must reach the store's set exactly. The store is
        // read again each time, as the test's own changes settle.
        Map<String, Integer> store = openInStore(cluster, token);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!versions(onC).equals(store) && System.nanoTime() < deadline) {
          onC.next(m -> true, 5);
          store = openInStore(cluster, token);
        }
        assertThat(versions(onC)).isEqualTo(store);
        assertThat(onC.drain()).noneMatch(m -> "snapshot".equals(m.getString("type")));
      }
    }
  }

  private static URI live(ThreeNodeCluster cluster, int node) {
    return URI.create("ws://127.0.0.1:" + cluster.port(node) + "/api/v1/live");
  }

  /**
   * Posts a report as an intake system does: with an Idempotency-Key, retried while the answer is
   * 503 (the cluster may be moving partitions after the kill: nothing was stored, retry).
   */
  private String post(ThreeNodeCluster cluster, String token) throws Exception {
    String key = java.util.UUID.randomUUID().toString();
    HttpResponse<String> r = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      r = send(cluster, token, "POST", "/api/v1/reports", REPORT, key);
      if (r.statusCode() != 503) {
        break;
      }
      // The server's Retry-After paces the retry, as any client must; bounded attempts.
      Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("id");
  }

  private void close(ThreeNodeCluster cluster, String token, String id) throws Exception {
    HttpResponse<String> r = send(cluster, token, "PATCH", "/api/v1/reports/" + id, "{\"status\":\"closed\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** Open reports in the store, by id, with their versions. */
  private Map<String, Integer> openInStore(ThreeNodeCluster cluster, String token) throws Exception {
    Map<String, Integer> open = new HashMap<>();
    HttpResponse<String> r = send(cluster, token, "GET", "/api/v1/reports?limit=500", null);
    JsonArray reports = new JsonObject(r.body()).getJsonArray("reports");
    for (Object o : reports) {
      JsonObject report = (JsonObject) o;
      if (!"closed".equals(report.getString("status"))) {
        open.put(report.getString("id"), report.getInteger("version"));
      }
    }
    return open;
  }

  private static Map<String, Integer> versions(LiveClient client) {
    Map<String, Integer> out = new HashMap<>();
    client.reports().forEach((id, r) -> out.put(id, r.getInteger("version")));
    return out;
  }

  private HttpResponse<String> send(ThreeNodeCluster cluster, String token, String method, String path, String body)
      throws Exception {
    return send(cluster, token, method, path, body, null);
  }

  private HttpResponse<String> send(
      ThreeNodeCluster cluster, String token, String method, String path, String body, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.port(A) + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
