package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One real node: a report's whole path, and every way a client can get it wrong. */
public class EndToEndIT {

  public static final String REPORT =
      """
      {"category":"hazard","description":"עמוד חשמל נוטה מעל המדרכה",
       "location":{"lon":34.5712,"lat":31.6688},
       "reporter":{"name":"דנה לוי","phone":"050-1234567"},"channel":"call-taker"}
      """;

  @RegisterExtension
  static final RunningNode node = RunningNode.extension();

  @Test
  void thePagesConfigurationNamesEachCategoryMostUrgentFirst() throws Exception {
    HttpResponse<String> response = node.get("/config.json", null);
    assertThat(response.statusCode()).isEqualTo(200);
    var categories = new JsonObject(response.body()).getJsonArray("categories");
    JsonObject first = categories.getJsonObject(0);
    assertThat(first.getInteger("priority")).isEqualTo(5);
    assertThat(first.getString("name_he")).isEqualTo("פצועים");
    assertThat(first.getString("name_en")).isEqualTo("Injury");
    var priorities = categories.stream().map(c -> ((JsonObject) c).getInteger("priority")).toList();
    assertThat(priorities).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(categories.stream().map(c -> ((JsonObject) c).getString("name_he")))
        .contains("בור בכביש", "אחר");
    // What a call-taker's page needs to say "already reported nearby".
    assertThat(new JsonObject(response.body()).getJsonObject("incidents"))
        .isEqualTo(new JsonObject().put("radiusMeters", 150.0).put("windowMinutes", 15));
  }

  @Test
  void whetherTheCallerMayBeCalledBackIsKeptWithTheirContact() throws Exception {
    String body = new JsonObject(REPORT).put("reporter", new JsonObject()
        .put("name", "דנה לוי").put("phone", "050-1234567").put("callback", true)).encode();
    HttpResponse<String> created = node.post("/api/v1/reports", node.token(Role.INTAKE), body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    JsonObject read = new JsonObject(node.get("/api/v1/reports/" + id, node.token(Role.SUPERVISOR)).body());
    assertThat(read.getJsonObject("reporter").getBoolean("callback")).isTrue();
    assertThat(new JsonObject(node.get("/api/v1/reports/" + id, node.token(Role.DISPLAY)).body()).containsKey("reporter")).isFalse();
  }

  @Test
  void aPostedReportIsStoredStreamedAndReadBack() throws Exception {
    String operator = node.token(Role.OPERATOR);
    try (LiveClient live = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      assertThat(live.next(m -> m.getString("type").equals("hello"), 30)).isNotNull();

      HttpResponse<String> created = node.post("/api/v1/reports", operator, REPORT);

      assertThat(created.statusCode()).isEqualTo(201);
      JsonObject report = new JsonObject(created.body());
      String id = report.getString("id");
      assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/reports/" + id);
      assertThat(report.getString("district")).isEqualTo("neot-ashkelon");
      assertThat(report.getString("status")).isEqualTo("new");
      assertThat(report.getString("category")).isEqualTo("hazard");
      assertThat(report.getString("receivedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d");
      assertThat(report.getJsonObject("location").getDouble("lon")).isEqualTo(34.5712);
      assertThat(report.getString("description")).isEqualTo("עמוד חשמל נוטה מעל המדרכה");
      assertThat(report.getJsonObject("reporter").getString("name")).isEqualTo("דנה לוי");

      JsonObject pushed =
          live.next(
              m -> m.getString("type").equals("report.created")
                  && m.getJsonObject("report").getString("id").equals(id),
              30);
      assertThat(pushed).as("pushed on the live stream").isNotNull();
      // The screen's token is a display: it never receives the reporter.
      assertThat(pushed.getJsonObject("report").containsKey("reporter")).isFalse();

      HttpResponse<String> read = node.get("/api/v1/reports/" + id, operator);
      // A UUID in capitals names the same report.
      assertThat(node.get("/api/v1/reports/" + id.toUpperCase(java.util.Locale.ROOT), operator).body())
          .isEqualTo(read.body());
      assertThat(read.statusCode()).isEqualTo(200);
      // Read by id, it also names who filed it (the operator's token here).
      assertThat(new JsonObject(read.body())).isEqualTo(report.copy().put("submittedBy", "operator-test"));

      HttpResponse<String> list =
          node.get("/api/v1/reports?district=neot-ashkelon&status=new&limit=5", operator);
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(list.body()).getJsonArray("reports").getJsonObject(0).getString("id"))
          .isEqualTo(id);
    }
  }

  @Test
  void districtsArePublicGeoJson() throws Exception {
    HttpResponse<String> response = node.get("/api/v1/districts", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/geo+json"));
    JsonObject fc = new JsonObject(response.body());
    assertThat(fc.getString("type")).isEqualTo("FeatureCollection");
    assertThat(fc.getJsonArray("features")).hasSize(11);
    JsonObject props = fc.getJsonArray("features").getJsonObject(0).getJsonObject("properties");
    assertThat(props.fieldNames()).contains("id", "name_he", "name_en", "kind");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertError(node.post("/api/v1/reports", node.adminToken(), "{\"category\":"), 400, "malformed_json");
    assertError(node.post("/api/v1/reports", node.adminToken(), "[1,2]"), 400, "malformed_json");
  }

  @Test
  void invalidValuesAre422AndStoreNothing() throws Exception {
    String admin = node.adminToken();
    int before = count(admin);
    assertError(
        node.post("/api/v1/reports", admin, REPORT.replace("hazard", "volcano")), 422, "unknown_category");
    assertError(
        node.post("/api/v1/reports", admin, REPORT.replace("34.5712", "34.78").replace("31.6688", "32.08")),
        422,
        "outside_service_area");
    assertThat(count(admin)).isEqualTo(before);
  }

  @Test
  void missingOrBadTokenIs401() throws Exception {
    assertError(node.post("/api/v1/reports", null, REPORT), 401, "unauthorized");
    assertError(node.get("/api/v1/reports", "not-a-token"), 401, "unauthorized");
    String foreign = RunningNodeTokens.signedWithAnotherKey();
    assertError(node.get("/api/v1/reports", foreign), 401, "unauthorized");
  }

  @Test
  void aQueryTokenOpensTheLiveStreamOnlyNeverAnHttpRequest() throws Exception {
    String token = node.adminToken();
    String report = REPORT;
    // With the WebSocket upgrade header, as an attacker adds it to an ordinary request.
    assertThat(rawStatus("GET /api/v1/cluster?access_token=" + token, "")).isEqualTo(401);
    assertThat(rawStatus("POST /api/v1/reports?access_token=" + token, report)).isEqualTo(401);
    // The live stream's handshake still takes it: browsers cannot set a header there.
    try (LiveClient live = LiveClient.connect(
        java.net.URI.create(node.liveUri() + "?access_token=" + token), null)) {
      assertThat(live.next("hello", 30)).isNotNull();
    }
  }

  /** The status line of a request sent over a raw socket, with an {@code Upgrade: websocket} header. */
  private static int rawStatus(String requestLine, String body) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.port())) {
      socket.setSoTimeout(30_000);
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      String head = requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: close\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void wrongRoleIs403() throws Exception {
    assertError(node.post("/api/v1/reports", node.token(Role.DISPLAY), REPORT), 403, "forbidden");
    assertError(
        node.get("/api/v1/reports?district=afridar", node.token(Role.PATROLLER, "shimshon")),
        403,
        "district_forbidden");
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    String huge = "{\"category\":\"hazard\",\"description\":\"" + "א".repeat(70_000) + "\"}";
    assertError(node.post("/api/v1/reports", node.adminToken(), huge), 413, "payload_too_large");
  }

  @Test
  void unknownRouteIsJson404() throws Exception {
    assertError(node.get("/api/v1/nothing-here", node.adminToken()), 404, "not_found");
    assertError(node.get("/api/v1/reports/01a20f75-3b10-7333-af79-056ff126a8ea", node.adminToken()), 404, "not_found");
  }

  @Test
  void theLiveStreamRequiresAToken() {
    var attempt =
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(node.liveUri(), new java.net.http.WebSocket.Listener() {});
    Throwable failure = null;
    try {
      attempt.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      failure = e.getCause();
    } catch (Exception e) {
      failure = e;
    }
    assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) failure).getResponse().statusCode()).isEqualTo(401);
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(node.get("/health", null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = node.get("/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject checks = new JsonObject(ready.body()).getJsonObject("checks");
    assertThat(checks.getBoolean("cluster")).isTrue();
    assertThat(checks.getBoolean("layer")).isTrue();
    assertThat(checks.getBoolean("store")).isTrue();
  }

  private static int count(String token) throws Exception {
    return new JsonObject(node.get("/api/v1/reports?limit=500", token).body())
        .getJsonArray("reports")
        .size();
  }

  public static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
    assertThat(error.containsKey("field")).isTrue();
  }
}
