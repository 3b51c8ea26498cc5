package org.hamal.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Limits per caller (docs/security.md, "Limits per caller"), on real nodes over loopback. */
class CallerLimitsIT {

  /** Rates so slow that nothing refills during a test: what passes is exactly the bursts. */
  private static final int BURST = 5;
  private static final int LIFE_SAFETY_BURST = 3;
  private static final int LIVE_PER_CALLER = 2;
  private static final String LIMITS = """
      limits:
        intake:
          reportsPerSecond: 0.001
          burst: %d
          lifeSafetyPerSecond: 0.001
          lifeSafetyBurst: %d
          relayFactor: 10
          reserveMillis: 100
          holdMillis: 1000
        liveConnectionsPerCaller: %d
        anonymous:
          requestsPerSecond: %s
          burst: %d
          maxAddresses: 1000
      """;
  private static final String ROUTINE =
      "{\"category\":\"pothole\",\"location\":{\"lon\":34.5712,\"lat\":31.6688}}";
  private static final String FIRE =
      "{\"category\":\"fire\",\"location\":{\"lon\":34.5712,\"lat\":31.6688}}";

  @RegisterExtension
  static final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES)
      // An alert posted here changes no mode: the other tests' reports stay as they are.
      .withConfig(LIMITS.formatted(BURST, LIFE_SAFETY_BURST, LIVE_PER_CALLER, "1000", 10_000) + "mode:\n  alertAreas: 0\n");

  @Test
  void aCallersFloodIsLimitedAndItsLifeSafetyReportsStillPass() throws Exception {
    String flooder = node.tokenFor("operator-flood", Role.OPERATOR);
    long callsBefore = node.services().limits().intake().clusterCalls();
    int accepted = 0;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 2 * BURST && refused == null; i++) {
      HttpResponse<String> answer = node.post("/api/v1/reports", flooder, ROUTINE);
      if (answer.statusCode() == 201) {
        accepted++;
      } else {
        refused = answer;
      }
    }
    assertThat(accepted).isEqualTo(BURST);
    assertRateLimited(refused);
    // Its life-safety reports have an allowance of their own that the flood did not touch...
    for (int i = 0; i < LIFE_SAFETY_BURST; i++) {
      assertThat(node.post("/api/v1/reports", flooder, FIRE).statusCode()).as("life-safety report " + i).isEqualTo(201);
    }
    // ...which is limited too, once spent (and the flood spent the rest).
    assertRateLimited(node.post("/api/v1/reports", flooder, FIRE));
    // Another caller is not affected, nor is the admin token.
    assertThat(node.post("/api/v1/reports", node.tokenFor("operator-calm", Role.OPERATOR), ROUTINE).statusCode())
        .isEqualTo(201);
    assertThat(node.post("/api/v1/reports", node.adminToken(), ROUTINE).statusCode()).isEqualTo(201);
    // Refusals are local: the node asked the cluster far less often than it was asked.
    // (Here one a report, the rates being so slow; each refusal after the first is local.)
    assertThat(node.services().limits().intake().clusterCalls() - callsBefore)
        .isLessThan(2L * BURST + LIFE_SAFETY_BURST + 4);
  }

  @Test
  void aBatchBeyondTheRateIsRefusedItemByItemLifeSafetyFirst() throws Exception {
    io.vertx.core.json.JsonArray batch = new io.vertx.core.json.JsonArray();
    for (int i = 0; i < BURST + 3; i++) {
      batch.add(new JsonObject(ROUTINE));
    }
    batch.add(new JsonObject(FIRE)).add(new JsonObject(FIRE));
    HttpResponse<String> answer = node.post("/api/v1/reports:batch", node.tokenFor("operator-batch", Role.OPERATOR), batch.encode());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    var results = new JsonObject(answer.body()).getJsonArray("results").stream().map(JsonObject.class::cast).toList();
    assertThat(results.subList(0, BURST)).allMatch(r -> r.getInteger("status") == 201);
    assertThat(results.subList(BURST, BURST + 3)).allMatch(r -> r.getInteger("status") == 429
        && "rate_limited".equals(r.getJsonObject("error").getString("code")));
    assertThat(results.subList(BURST + 3, BURST + 5)).as("life-safety items").allMatch(r -> r.getInteger("status") == 201);
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void aReportAnAlertRaisesToLifeSafetyPassesTheCallersAndTheKeysRate() throws Exception {
    org.locationtech.jts.geom.Point south = node.services().alertAreas().current().find("ashkelon-south").orElseThrow()
        .geometry().getInteriorPoint();
    String where = "\"location\":{\"lon\":" + south.getX() + ",\"lat\":" + south.getY() + "}";
    // A shelter's report ranks 4; where the sirens sound it is raised to 5, life safety.
    String shelter = "{\"category\":\"shelter\"," + where + "}";
    String ordinary = "{\"category\":\"pothole\"," + where + "}";
    HttpResponse<String> alert = node.post("/api/v1/alerts", node.adminToken(),
        "{\"sourceId\":\"limits-1\",\"areas\":[\"ashkelon-south\"]}");
    assertThat(alert.statusCode()).as(alert.body()).isEqualTo(201);
    try {
      String flooder = node.tokenFor("operator-sheltered", Role.OPERATOR);
      for (int i = 0; i < BURST; i++) {
        assertThat(node.post("/api/v1/reports", flooder, ROUTINE).statusCode()).isEqualTo(201);
      }
      assertRateLimited(node.post("/api/v1/reports", flooder, ordinary));
      HttpResponse<String> raised = node.post("/api/v1/reports", flooder, shelter);
      assertThat(raised.statusCode()).as(raised.body()).isEqualTo(201);
      assertThat(new JsonObject(raised.body()).getInteger("priority")).isEqualTo(5);
      assertRateLimited(node.post("/api/v1/reports", flooder, ordinary));

      // An API key's own rate (per minute, on the node) spares it the same way.
      HttpResponse<String> created = node.post("/api/v1/keys", node.adminToken(),
          "{\"name\":\"sheltered-app\",\"ratePerMinute\":1}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String key = new JsonObject(created.body()).getString("token");
      HttpResponse<String> overKey = null;
      for (int i = 0; i < 3 && (overKey == null || overKey.statusCode() == 201); i++) {
        overKey = node.post("/api/v1/reports", key, ordinary);
      }
      assertRateLimited(overKey);
      HttpResponse<String> keyRaised = node.post("/api/v1/reports", key, shelter);
      assertThat(keyRaised.statusCode()).as(keyRaised.body()).isEqualTo(201);
    } finally {
      String id = new JsonObject(alert.body()).getString("id");
      assertThat(node.post("/api/v1/alerts/" + id + "/clear", node.adminToken(), "").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anOpen311RequestTakesFromItsKeysRateAcrossTheCluster() throws Exception {
    String key = node.tokenFor("operator-open311", Role.OPERATOR);
    int accepted = 0;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 2 * BURST && refused == null; i++) {
      HttpResponse<String> answer = postOpen311(key, "pothole", "בור " + i);
      if (answer.statusCode() == 201) {
        accepted++;
      } else {
        refused = answer;
      }
    }
    assertThat(accepted).isEqualTo(BURST);
    // Refused in Open311's own form, with when to retry.
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    JsonObject error = new io.vertx.core.json.JsonArray(refused.body()).getJsonObject(0);
    assertThat(error.getInteger("code")).isEqualTo(429);
    assertThat(error.getString("description")).contains("reports a second");
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    // One rate with the JSON API's...
    assertRateLimited(node.post("/api/v1/reports", key, ROUTINE));
    // ...and the same allowance for life safety.
    HttpResponse<String> fire = postOpen311(key, "fire", "שריפה בחדר מדרגות");
    assertThat(fire.statusCode()).as(fire.body()).isEqualTo(201);
  }

  private static HttpResponse<String> postOpen311(String apiKey, String code, String description) throws Exception {
    String form = "api_key=" + apiKey + "&service_code=" + code + "&lat=31.6688&long=34.5712&description="
        + java.net.URLEncoder.encode(description, StandardCharsets.UTF_8);
    return HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(node.uri("/open311/v2/requests.json"))
            .timeout(java.time.Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBusyCallerCostsFarFewerClusterCallsThanReports(@TempDir Path data) throws Exception {
    // A caller at 500 a second takes 50 at a time from the cluster (reserveMillis 100), and keeps
    // what it took long enough for this slow client to spend it.
    String yaml = LIMITS.formatted(2000, LIFE_SAFETY_BURST, LIVE_PER_CALLER, "1000", 10_000)
        .replace("reportsPerSecond: 0.001", "reportsPerSecond: 500").replace("holdMillis: 1000", "holdMillis: 600000");
    try (RunningNode busy = RunningNode.start(data, TestClusters.random(), RunningNode.NO_TILES, yaml)) {
      String relay = busy.tokenFor("sms-relay", Role.OPERATOR);
      int reports = 200;
      for (int i = 0; i < reports; i++) {
        assertThat(busy.post("/api/v1/reports", relay, ROUTINE).statusCode()).isEqualTo(201);
      }
      assertThat(busy.services().limits().intake().clusterCalls()).isLessThanOrEqualTo(reports / 10);
    }
  }

  @Test
  void oneCallersTokensOnTwoNodesShareOneBudget(@TempDir Path data) throws Exception {
    ClusterOptions cluster = TestClusters.random();
    String yaml = LIMITS.formatted(BURST, LIFE_SAFETY_BURST, LIVE_PER_CALLER, "1000", 10_000);
    try (RunningNode a = RunningNode.start(data, cluster, RunningNode.NO_TILES, yaml);
        RunningNode b = RunningNode.start(data, cluster, RunningNode.NO_TILES, yaml)) {
      // Two tokens of one subject, one sent to each node, alternately.
      String onA = a.tokenFor("patrol-both", Role.OPERATOR);
      String onB = b.tokenFor("patrol-both", Role.OPERATOR);
      int accepted = 0;
      HttpResponse<String> refused = null;
      for (int i = 0; i < 2 * BURST && refused == null; i++) {
        HttpResponse<String> answer = i % 2 == 0
            ? a.post("/api/v1/reports", onA, ROUTINE) : b.post("/api/v1/reports", onB, ROUTINE);
        if (answer.statusCode() == 201) {
          accepted++;
        } else {
          refused = answer;
        }
      }
      assertThat(accepted).as("reports both nodes accepted together").isEqualTo(BURST);
      assertRateLimited(refused);
      assertRateLimited(a.post("/api/v1/reports", onA, ROUTINE));
      assertRateLimited(b.post("/api/v1/reports", onB, ROUTINE));
    }
  }

  @Test
  void aCallerHoldsAtMostItsLiveStreams() throws Exception {
    String display = node.tokenFor("wall-7", Role.DISPLAY);
    List<LiveClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < LIVE_PER_CALLER; i++) {
        LiveClient client = LiveClient.connect(node.liveUri(), display);
        client.next("hello", 30);
        open.add(client);
      }
      WebSocketHandshakeException refused = handshakeFailure(display);
      assertThat(refused.getResponse().statusCode()).isEqualTo(429);
      assertThat(refused.getResponse().headers().firstValue("Retry-After")).isPresent();
      // Another caller is not affected.
      try (LiveClient other = LiveClient.connect(node.liveUri(), node.tokenFor("wall-8", Role.DISPLAY))) {
        assertThat(other.next("hello", 30)).isNotNull();
      }
      // A stream closed gives its slot back (as soon as the node has seen it close).
      open.remove(0).close();
      LiveClient again = null;
      long deadline = System.currentTimeMillis() + 30_000;
      while (again == null && System.currentTimeMillis() < deadline) {
        try {
          again = LiveClient.connect(node.liveUri(), display);
        } catch (ExecutionException notYet) {
          assertThat(notYet.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        }
      }
      assertThat(again).as("a new stream once one closed").isNotNull();
      open.add(again);
    } finally {
      open.forEach(LiveClient::close);
    }
  }

  @Test
  void requestsWithoutATokenAreLimitedPerAddress(@TempDir Path data) throws Exception {
    String yaml = LIMITS.formatted(BURST, LIFE_SAFETY_BURST, LIVE_PER_CALLER, "0.001", 20);
    try (RunningNode strict = RunningNode.start(data, TestClusters.random(), RunningNode.NO_TILES, yaml)) {
      HttpResponse<String> last = null;
      for (int i = 0; i < 25 && (last == null || last.statusCode() != 429); i++) {
        last = strict.get("/api/v1/districts", null);
      }
      assertRateLimited(last);
      // A caller with a token is not counted against its address.
      assertThat(strict.get("/api/v1/reports", strict.adminToken()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anUploadIsRefusedToANonAdminBeforeItsBodyIsRead() throws Exception {
    String operator = node.tokenFor("operator-upload", Role.OPERATOR);
    for (String path : List.of("/api/v1/layer", "/api/v1/places", "/api/v1/alert-areas")) {
      assertThat(statusOfAHugeUpload(path, operator)).as(path).isEqualTo(403);
      assertThat(statusOfAHugeUpload(path, null)).as(path).isEqualTo(401);
    }
  }

  /**
   * Declares a 30 MiB body and sends a few bytes of it: the answer can only come before the body
   * was read (the socket's read timeout fails the test otherwise).
   */
  private static int statusOfAHugeUpload(String path, String token) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
          + "Content-Type: application/json\r\nContent-Length: " + (30 << 20) + "\r\n\r\n{\"type\":")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      assertThat(line.toString()).startsWith("HTTP/1.1 ");
      return Integer.parseInt(line.substring(9, 12));
    }
  }

  private static WebSocketHandshakeException handshakeFailure(String token) throws Exception {
    var attempt = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
        .buildAsync(node.liveUri(), new java.net.http.WebSocket.Listener() {});
    try {
      attempt.get(30, TimeUnit.SECONDS).abort();
    } catch (ExecutionException | CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      return (WebSocketHandshakeException) e.getCause();
    }
    throw new AssertionError("the handshake was accepted");
  }

  private static void assertRateLimited(HttpResponse<String> answer) {
    assertThat(answer).isNotNull();
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
    assertThat(new JsonObject(answer.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limited");
    assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow())).isPositive();
  }
}
