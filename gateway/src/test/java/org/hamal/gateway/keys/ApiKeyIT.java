package org.hamal.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.ApiErrors.assertError;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.auth.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys and revocation: an admin creates a key, it files reports named by it in their history,
 * within its channels and rate; a revoked key or token is refused on every node within a second,
 * its live stream closed, and still refused after the whole cluster restarts.
 */
class ApiKeyIT {

  private static final String KEYS = "/api/v1/keys";
  private static final String REVOKE = "/api/v1/tokens/revoke";
  /** What the issue states: a revocation is effective on every node within a second. */
  private static final Duration CLUSTER_WIDE = Duration.ofSeconds(1);
  private static final String REPORT = """
      {"category":"hazard","description":"בור בכביש","location":{"lon":34.5712,"lat":31.6688},"channel":"app"}
      """;

  @RegisterExtension
  static final RunningNode node = RunningNode.extension();

  @TempDir Path data;

  @Test
  void aKeyFilesReportsNamedByItUntilItIsRevokedOnEveryNodeEvenAcrossARestart() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    String keyToken;
    String keyId;
    String revokedByToken;
    String revokedByJti;
    String kept;
    try (RunningNode a = RunningNode.start(data, cluster);
        RunningNode b = RunningNode.start(data, cluster)) {
      HttpResponse<String> created = a.post(KEYS, a.adminToken(),
          "{\"name\":\"municipal-app\",\"channels\":[\"app\",\"web\"],\"ttlDays\":30}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonObject key = new JsonObject(created.body());
      keyToken = key.getString("token");
      keyId = key.getString("id");
      assertThat(key.getString("subject")).isEqualTo("key:municipal-app");
      assertThat(key.getJsonArray("channels")).containsExactly("app", "web");
      assertThat(key.getString("createdBy")).isEqualTo("admin");
      assertThat(Duration.between(java.time.OffsetDateTime.parse(key.getString("createdAt")),
          java.time.OffsetDateTime.parse(key.getString("expiresAt")))).isEqualTo(Duration.ofDays(30));

      JsonArray listed = new JsonObject(b.get(KEYS, b.adminToken()).body()).getJsonArray("keys");
      assertThat(listed).hasSize(1);
      assertThat(listed.getJsonObject(0).getString("id")).isEqualTo(keyId);
      assertThat(listed.getJsonObject(0).containsKey("token")).as("a key's token is shown once").isFalse();
      assertThat(listed.getJsonObject(0).getValue("revokedAt")).isNull();

      // The key files on its channels, and its report's history says it was the key.
      HttpResponse<String> filed = b.post("/api/v1/reports", keyToken, REPORT);
      assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
      String reportId = new JsonObject(filed.body()).getString("id");
      JsonObject history = new JsonObject(a.get("/api/v1/reports/" + reportId + "/history", a.token(Role.OPERATOR)).body());
      assertThat(history.getString("submittedBy")).isEqualTo("key:municipal-app");
      JsonObject first = history.getJsonArray("history").getJsonObject(0);
      assertThat(first.getString("actor")).isEqualTo("key:municipal-app");
      assertThat(first.getString("channel")).isEqualTo("app");
      JsonObject shown = new JsonObject(a.get("/api/v1/reports/" + reportId + "/history", a.token(Role.DISPLAY)).body());
      assertThat(shown.containsKey("submittedBy")).as("a display is not told who filed it").isFalse();
      assertThat(shown.getJsonArray("history").getJsonObject(0).getString("actor")).isEqualTo("intake:app");
      assertThat(new JsonObject(a.get("/api/v1/reports/" + reportId, a.token(Role.SUPERVISOR)).body())
          .getString("submittedBy")).isEqualTo("key:municipal-app");
      assertThat(new JsonObject(a.get("/api/v1/reports/" + reportId, a.token(Role.DISPLAY)).body())
          .containsKey("submittedBy")).isFalse();
      assertError(b.post("/api/v1/reports", keyToken, REPORT.replace("\"app\"", "\"sms\"")),
          403, "channel_not_allowed", "channel");
      assertError(b.get(KEYS, keyToken), 403, "forbidden", null);

      // Any token minted now can be revoked: by the token itself, or by its jti.
      revokedByToken = a.tokenFor("intake-miri", Role.INTAKE);
      String operator = a.tokenFor("op-dana", Role.OPERATOR);
      revokedByJti = operator;
      kept = a.tokenFor("op-yossi", Role.OPERATOR);
      assertThat(b.get("/api/v1/reports", revokedByToken).statusCode()).isEqualTo(200);

      try (LiveClient app = LiveClient.connect(b.liveUri(), keyToken);
          LiveClient miri = LiveClient.connect(b.liveUri(), revokedByToken)) {
        assertThat(app.next("hello", 30)).isNotNull();
        assertThat(miri.next("hello", 30)).isNotNull();

        assertThat(a.send("DELETE", KEYS + "/" + keyId, a.adminToken(), "").statusCode()).isEqualTo(204);
        assertError(a.post("/api/v1/reports", keyToken, REPORT), 401, "unauthorized", null);
        assertThat(untilRefused(b, keyToken, CLUSTER_WIDE)).as("refused by the other node within 1 s").isEqualTo(401);
        assertClosedAsRevoked(app);

        HttpResponse<String> byToken = a.post(REVOKE, a.adminToken(),
            new JsonObject().put("token", revokedByToken).put("reason", "left the team").encode());
        assertThat(byToken.statusCode()).as(byToken.body()).isEqualTo(200);
        assertThat(new JsonObject(byToken.body()).getString("kind")).isEqualTo("token");
        assertThat(untilRefused(b, revokedByToken, CLUSTER_WIDE)).as("refused by the other node within 1 s").isEqualTo(401);
        assertClosedAsRevoked(miri);
      }
      String jti = claims(operator).getString("jti");
      assertThat(jti).as("every token minted now has a jti").isNotBlank();
      HttpResponse<String> byJti = b.post(REVOKE, b.adminToken(), new JsonObject().put("jti", jti).encode());
      assertThat(byJti.statusCode()).as(byJti.body()).isEqualTo(200);
      assertThat(untilRefused(a, revokedByJti, CLUSTER_WIDE)).isEqualTo(401);
      // Revoking a key's jti through the general endpoint names it as the key.
      assertThat(new JsonObject(a.post(REVOKE, a.adminToken(), new JsonObject().put("jti", keyId).encode()).body())
          .getString("kind")).isEqualTo("key");

      JsonObject revoked = new JsonObject(b.get(KEYS, b.adminToken()).body()).getJsonArray("keys").getJsonObject(0);
      assertThat(revoked.getString("revokedAt")).isNotNull();
      assertThat(revoked.getString("revokedBy")).isEqualTo("admin");
      assertThat(a.send("DELETE", KEYS + "/" + keyId, a.adminToken(), "").statusCode()).as("again").isEqualTo(204);
      assertThat(b.get("/api/v1/reports", kept).statusCode()).isEqualTo(200);

      // The name is free again once its key is revoked.
      assertThat(a.post(KEYS, a.adminToken(), "{\"name\":\"municipal-app\"}").statusCode()).isEqualTo(201);
    }

    // The whole cluster restarts on the same store: every revocation is restored from it.
    try (RunningNode again = RunningNode.start(data, TestClusters.random())) {
      assertError(again.post("/api/v1/reports", keyToken, REPORT), 401, "unauthorized", null);
      assertError(again.get("/api/v1/reports", revokedByToken), 401, "unauthorized", null);
      assertError(again.get("/api/v1/reports", revokedByJti), 401, "unauthorized", null);
      assertThat(again.get("/api/v1/reports", kept).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aKeyFilesAtMostItsRate() throws Exception {
    String token = createKey("{\"name\":\"sms-gateway\",\"ratePerMinute\":2}").getString("token");
    String limited = "{\"category\":\"hazard\",\"location\":{\"lon\":34.5712,\"lat\":31.6688},\"channel\":\"sms\"}";
    // Two a clock minute: a third within the minute is refused. (Should the minute turn between
    // two posts, the next minute's two come first: five posts always meet a refusal.)
    HttpResponse<String> answer = null;
    int accepted = 0;
    for (int i = 0; i < 5; i++) {
      answer = node.post("/api/v1/reports", token, limited);
      if (answer.statusCode() != 201) {
        break;
      }
      accepted++;
    }
    assertThat(accepted).isBetween(2, 4);
    assertError(answer, 429, "rate_limited", null);
    assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    // In a batch, each report over the rate is refused with its own answer.
    String one = createKey("{\"name\":\"chat-gateway\",\"ratePerMinute\":1}").getString("token");
    HttpResponse<String> batch = node.post("/api/v1/reports:batch", one,
        new JsonArray().add(new JsonObject(limited)).add(new JsonObject(limited)).add(new JsonObject(limited)).encode());
    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
    assertThat(new JsonObject(batch.body()).getJsonArray("results").stream().map(JsonObject.class::cast)
        .filter(r -> r.getInteger("status") == 429)
        .map(r -> r.getJsonObject("error").getString("code"))).isNotEmpty().containsOnly("rate_limited");
    assertThat(batch.headers().firstValue("Retry-After")).isPresent();
    // Through Open311 (api_key in the form): the same refusal, the same Retry-After.
    String app = createKey("{\"name\":\"open311-app\",\"ratePerMinute\":1}").getString("token");
    HttpResponse<String> open311 = null;
    for (int i = 0; i < 3; i++) {
      open311 = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(node.uri("/open311/v2/requests.json"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("api_key=" + app
                  + "&service_code=hazard&lat=31.6688&long=34.5712&description=call+" + i))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (open311.statusCode() != 201) {
        break;
      }
    }
    assertThat(open311.statusCode()).as(open311.body()).isEqualTo(429);
    assertThat(open311.headers().firstValue("Retry-After")).isPresent();
    // Another caller is not held back by the key's rate.
    assertThat(node.post("/api/v1/reports", node.token(Role.INTAKE), limited).statusCode()).isEqualTo(201);
  }

  @Test
  void keysAndRevocationsAreCheckedAndForAdminsOnly() throws Exception {
    String admin = node.adminToken();
    assertError(node.post(KEYS, admin, "{}"), 422, "missing_field", "name");
    assertError(node.post(KEYS, admin, "{\"name\":\"Municipal App\"}"), 422, "invalid_format", "name");
    assertError(node.post(KEYS, admin, "{\"name\":\"a\",\"channels\":[\"pigeon\"]}"), 422, "unknown_channel", "channels");
    assertError(node.post(KEYS, admin, "{\"name\":\"a\",\"channels\":[]}"), 422, "invalid_type", "channels");
    assertError(node.post(KEYS, admin, "{\"name\":\"a\",\"ratePerMinute\":0}"), 422, "out_of_range", "ratePerMinute");
    assertError(node.post(KEYS, admin, "{\"name\":\"a\",\"ttlDays\":731}"), 422, "out_of_range", "ttlDays");
    assertError(node.post(KEYS, admin, "{\"name\":\"a\",\"role\":\"admin\"}"), 422, "unknown_field", "role");
    createKey("{\"name\":\"open311\"}");
    assertError(node.post(KEYS, admin, "{\"name\":\"open311\"}"), 409, "name_taken", "name");
    assertError(node.send("DELETE", KEYS + "/no-such-key", admin, ""), 404, "not_found", null);

    assertError(node.post(REVOKE, admin, "{}"), 422, "missing_field", "jti");
    assertError(node.post(REVOKE, admin, "{\"jti\":\"x\",\"token\":\"y\"}"), 422, "missing_field", "token");
    assertError(node.post(REVOKE, admin, "{\"token\":\"not.a.token\"}"), 422, "invalid_token", "token");
    assertError(node.post(REVOKE, admin, new JsonObject().put("token", withoutJti()).encode()),
        422, "not_revocable", "token");

    for (Role role : new Role[] {Role.SUPERVISOR, Role.OPERATOR, Role.DISPLAY, Role.PATROLLER, Role.INTAKE}) {
      String token = node.token(role, "shimshon");
      assertError(node.post(KEYS, token, "{\"name\":\"mine\"}"), 403, "forbidden", null);
      assertError(node.get(KEYS, token), 403, "forbidden", null);
      assertError(node.send("DELETE", KEYS + "/x", token, ""), 403, "forbidden", null);
      assertError(node.post(REVOKE, token, "{\"jti\":\"x\"}"), 403, "forbidden", null);
    }
  }

  private static JsonObject createKey(String body) throws Exception {
    HttpResponse<String> created = node.post(KEYS, node.adminToken(), body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body());
  }

  /** A token as minted before every token had a jti, signed with the node's key. */
  private static String withoutJti() throws Exception {
    String secret = Files.readString(node.node().config().dataPath().resolve(Secrets.JWT_SECRET_FILE)).trim();
    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
      String token = jwt.generateToken(new JsonObject().put("roles", new JsonArray().add("intake")),
          new JWTOptions().setAlgorithm("HS256").setIssuer(node.node().config().auth().issuer())
              .setSubject("old-gateway").setExpiresInSeconds(3600));
      assertThat(node.get("/api/v1/reports", token).statusCode()).as("such a token still works").isEqualTo(200);
      return token;
    } finally {
      vertx.close().await();
    }
  }

  private static JsonObject claims(String token) {
    return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
        java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void assertClosedAsRevoked(LiveClient client) throws InterruptedException {
    JsonObject closed = client.next(LiveClient.CLOSED, 30);
    assertThat(closed).as("the stream is closed").isNotNull();
    assertThat(closed.getInteger("code")).isEqualTo(4001);
    assertThat(closed.getString("reason")).isEqualTo("token revoked");
  }

  /** Polls the node until it refuses the token (it hears of revocations from the cluster). */
  private static int untilRefused(RunningNode node, String token, Duration within) throws Exception {
    return Eventually.until(() -> node.get("/api/v1/reports", token).statusCode(), status -> status == 401, within);
  }
}
