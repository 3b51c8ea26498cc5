package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.hamal.gateway.EndToEndIT;
import org.hamal.gateway.RawHttp;
import org.hamal.gateway.RawHttp.Answer;
import org.hamal.gateway.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inputs a fuzzer found answered with a 5xx or with no JSON error: each is now a documented 4xx in
 * the API's error form. Sent over a plain socket, since a normal client refuses most of them.
 */
class HostileInputIT {

  @RegisterExtension static final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES);

  private static Answer get(String target, String... headers) throws Exception {
    return send("GET " + target + " HTTP/1.1", "", headers);
  }

  private static Answer send(String requestLine, String body, String... headers) throws Exception {
    return RawHttp.send(node.port(), RawHttp.message(requestLine, body, headers));
  }

  private static String bearer() {
    return "Authorization: Bearer " + node.adminToken();
  }

  /** The answer is {@code status} with the API's error object carrying {@code code}. */
  static void assertError(Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.header("content-type")).as(a.body()).startsWith("application/json");
    JsonObject error = new JsonObject(a.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.containsKey("message")).isTrue();
    assertThat(error.containsKey("field")).isTrue();
  }

  @Test
  void aMalformedPercentEncodingInAQueryIsAMalformedParameter() throws Exception {
    for (String target : List.of("/api/v1/reports?limit=%", "/api/v1/incidents?category=%",
        "/api/v1/mode/history?limit=%", "/api/v1/reports?limit=%zz", "/api/v1/districts?x=%4")) {
      assertError(get(target, bearer()), 400, "malformed_parameter");
    }
  }

  @Test
  void aSignedTokenWithClaimsOfTheWrongTypeIsUnauthorized() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    JsonObject good = new JsonObject().put("sub", "fuzz").put("roles", new JsonArray().add("admin"))
        .put("iat", now).put("exp", now + 3600);
    // The signing is right: the same claims with their proper types are admitted.
    assertThat(get("/api/v1/mode", "Authorization: Bearer " + node.signedAsIs(good)).status()).isEqualTo(200);
    List<JsonObject> bad = List.of(
        good.copy().put("exp", "tomorrow"),
        good.copy().put("exp", new JsonObject()),
        good.copy().put("nbf", "now"),
        good.copy().put("iat", new JsonArray().add(1)),
        good.copy().put("sub", 42),
        good.copy().put("roles", "admin"),
        good.copy().put("roles", new JsonArray().add(7)),
        good.copy().put("districts", "all"),
        good.copy().put("jti", new JsonObject()));
    for (JsonObject claims : bad) {
      Answer a = get("/api/v1/mode", "Authorization: Bearer " + node.signedAsIs(claims));
      assertThat(a.status()).as(claims.encode()).isEqualTo(401);
      assertError(a, 401, "unauthorized");
    }
  }

  @Test
  void aBogusExpectOrAnUnknownVersionIsAClientError() throws Exception {
    assertError(send("POST /api/v1/reports HTTP/1.1", EndToEndIT.REPORT, bearer(), "Expect: bogus"),
        417, "expectation_failed");
    for (String version : List.of("HTTP/1.7", "HTTP/2.0", "HTTP/9.9")) {
      assertError(send("GET /api/v1/mode " + version, "", bearer()), 400, "unsupported_version");
    }
  }

  @Test
  void controlCharactersInHeadersAreAMalformedRequest() throws Exception {
    String patch = "PATCH /api/v1/reports/00000000-0000-0000-0000-000000000000 HTTP/1.1";
    for (String token : List.of("a\u0000b", "a\u0001b", "a\u007fb")) {
      assertError(send(patch, "{}", "Authorization: Bearer " + token), 400, "malformed_request");
    }
    for (String header : List.of("Idempotency-Key: k\u0000", "If-Match: \"1\u001b\"")) {
      assertError(send(patch, "{}", bearer(), header), 400, "malformed_request");
    }
  }

  @Test
  void anOverLongTokenOrTargetIsRefusedInJson() throws Exception {
    assertError(get("/api/v1/mode", "Authorization: Bearer " + "a".repeat(20_000)), 431, "headers_too_large");
    assertError(get("/api/v1/mode", "Authorization: Bearer " + "a".repeat(6_000)), 401, "unauthorized");
    assertError(get("/api/v1/reports?q=" + "a".repeat(20_000), bearer()), 414, "uri_too_long");
  }

  @Test
  void aBadEscapeInAPathIsAMalformedPath() throws Exception {
    var refused = get("/api/v1/reports/%zz", bearer());
    assertError(refused, 400, "malformed_path");
    // Refused before routing, it carries the headers every answer does.
    assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(refused.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertError(get("/api/v1/reports/%", bearer()), 400, "malformed_path");
  }

  @Test
  void theLiveStreamWithoutAWholeUpgradeIsAJsonError() throws Exception {
    Answer a = get("/api/v1/live", bearer());
    assertError(a, 426, "upgrade_required");
    assertThat(a.header("upgrade")).isEqualTo("websocket");
    String upgrade = "Upgrade: websocket\r\nConnection: Upgrade";
    assertError(get("/api/v1/live", bearer(), upgrade, "Sec-WebSocket-Version: 13"), 400, "malformed_header");
    Answer version = get("/api/v1/live", bearer(), upgrade, "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 99");
    assertError(version, 426, "upgrade_required");
    assertThat(version.header("sec-websocket-version")).isEqualTo("13");
  }

  @Test
  void aRepeatedQueryParameterIsRefusedButDistrictsMayRepeat() throws Exception {
    Answer repeated = get("/api/v1/reports?limit=1&limit=2", bearer());
    assertError(repeated, 400, "repeated_parameter");
    assertThat(new JsonObject(repeated.body()).getJsonObject("error").getString("field")).isEqualTo("limit");
    assertThat(get("/api/v1/reports?district=shimshon&district=barnea", bearer()).status()).isEqualTo(200);
  }

  @Test
  void aWrongMethodIsMethodNotAllowedWithAllow() throws Exception {
    Map<String, String> allowed = Map.ofEntries(
        Map.entry("DELETE /api/v1/reports", "GET, POST"),
        Map.entry("PUT /api/v1/reports/00000000-0000-0000-0000-000000000000", "GET, PATCH"),
        Map.entry("GET /api/v1/reports:batch", "POST"),
        Map.entry("DELETE /api/v1/incidents/x.cap", "GET"),
        Map.entry("PATCH /api/v1/mode", "GET, PUT"),
        Map.entry("POST /api/v1/layer", "GET, PUT"),
        Map.entry("GET /api/v1/patrollers/me/position", "DELETE, PUT"),
        Map.entry("PUT /api/v1/keys", "GET, POST"),
        Map.entry("GET /api/v1/tokens/revoke", "POST"),
        Map.entry("DELETE /api/v1/devices/links", "GET, POST"));
    for (var e : allowed.entrySet()) {
      Answer a = send(e.getKey() + " HTTP/1.1", "", bearer());
      assertError(a, 405, "method_not_allowed");
      assertThat(a.header("allow")).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertError(send("DELETE /api/v1/no-such-thing HTTP/1.1", "", bearer()), 404, "not_found");
  }

  @Test
  void aBodyWithoutTheJsonTypeIsReadAsJsonUpToTheLimit() throws Exception {
    JsonObject report = new JsonObject(EndToEndIT.REPORT).put("description", "x".repeat(1500) + " 100% & a=b");
    for (String type : List.of("Content-Type: application/x-www-form-urlencoded", "X-No-Type: 1")) {
      Answer a = send("POST /api/v1/reports HTTP/1.1", report.encode(), bearer(), type);
      assertThat(a.status()).as(a.body()).isEqualTo(201);
      String id = new JsonObject(a.body()).getString("id");
      Answer back = get("/api/v1/reports/" + id, bearer());
      assertThat(new JsonObject(back.body()).getString("description")).isEqualTo(report.getString("description"));
    }
  }

  @Test
  void pathIdsAreUuidsInAnyCaseAndAnythingElseIsNotFound() throws Exception {
    JsonObject report = node.report(EndToEndIT.REPORT);
    String upper = report.getString("id").toUpperCase(java.util.Locale.ROOT);
    assertThat(get("/api/v1/reports/" + upper + "/history", bearer()).status()).isEqualTo(200);
    String incident = report.getString("incident").toUpperCase(java.util.Locale.ROOT);
    Answer byCapitals = get("/api/v1/incidents/" + incident, bearer());
    assertThat(byCapitals.status()).as(byCapitals.body()).isEqualTo(200);
    // A NUL reached the store's query once, and its refusal was a 500.
    for (String notAnId : List.of("%00", "x", "00000000-0000-0000-0000-00000000000G")) {
      assertError(get("/api/v1/incidents/" + notAnId, bearer()), 404, "not_found");
      assertError(get("/api/v1/incidents/" + notAnId + ".cap", bearer()), 404, "not_found");
      // Revocations by id too (the fuzzer's DELETE .../links/%00 was a 500).
      assertError(send("DELETE /api/v1/devices/links/" + notAnId + " HTTP/1.1", "", bearer()), 404, "not_found");
      assertError(send("DELETE /api/v1/keys/" + notAnId + " HTTP/1.1", "", bearer()), 404, "not_found");
    }
  }

  @Test
  void aBodyWhoseChunkingBreaksIsNoServerError() throws Exception {
    ch.qos.logback.classic.Logger errors =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ErrorResponses.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    errors.addAppender(logged);
    try {
      Answer a = RawHttp.send(node.port(), "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\n" + bearer()
          + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
      // Vert.x closes such a connection; if it answers, it is the JSON 400.
      if (a.status() >= 0) {
        assertError(a, 400, "malformed_request");
      }
      // The node still works, and took the broken body for the client's error, not its own.
      assertThat(get("/api/v1/mode", bearer()).status()).isEqualTo(200);
    } finally {
      errors.detachAppender(logged);
    }
    assertThat(logged.list).extracting(e -> e.getFormattedMessage()).isEmpty();
  }

  /** Every API route docs/api.md documents answers another method with 405 and its methods in Allow. */
  @Test
  void everyDocumentedRouteAnswersAnotherMethodWith405() throws Exception {
    java.util.Map<String, java.util.Set<String>> documented = new java.util.TreeMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`?\\s]*)")
        .matcher(String.join("\n", java.nio.file.Files.readAllLines(java.nio.file.Path.of("..", "docs", "api.md"))
            .stream().filter(line -> line.startsWith("## ")).toList()));
    while (m.find()) {
      String path = m.group(2).replaceAll("\\{[a-zA-Z]+}", "00000000-0000-0000-0000-000000000000");
      documented.computeIfAbsent(path, p -> new java.util.TreeSet<>()).add(m.group(1));
    }
    assertThat(documented).hasSizeGreaterThan(30);
    for (var e : documented.entrySet()) {
      String other = List.of("DELETE", "PUT", "PATCH", "POST", "GET").stream()
          .filter(method -> !e.getValue().contains(method)).findFirst().orElseThrow();
      Answer a = send(other + " " + e.getKey() + " HTTP/1.1", "", bearer());
      assertError(a, 405, "method_not_allowed");
      assertThat(a.header("allow")).as(other + " " + e.getKey()).isEqualTo(String.join(", ", e.getValue()));
    }
  }
}
