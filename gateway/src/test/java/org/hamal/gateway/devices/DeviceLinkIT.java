package org.hamal.gateway.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.ApiErrors.assertError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.devices.DeviceLinkRepository;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device sign-in links: a supervisor issues one, the tablet works with its token as that
 * patroller in those districts, and a revocation refuses it on every node at once, closes its
 * live stream, and survives a restart of the cluster.
 */
class DeviceLinkIT {

  private static final String LINKS = "/api/v1/devices/links";
  private static final String LINK = "{\"subject\":\"patrol-7\",\"districts\":[\"shimshon\"],\"ttl\":\"12h\"}";
  private static final String POSITION = "/api/v1/patrollers/me/position";

  @TempDir Path data;

  @Test
  void aLinkSignsATabletInUntilItIsRevokedEvenAcrossARestart() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    String revokedToken;
    String keptToken;
    try (RunningNode a = RunningNode.start(data, cluster);
        RunningNode b = RunningNode.start(data, cluster)) {
      String supervisor = a.tokenFor("supervisor-miri", Role.SUPERVISOR);
      HttpResponse<String> issued = a.post(LINKS, supervisor, LINK);
      assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
      JsonObject link = new JsonObject(issued.body());
      revokedToken = link.getString("token");
      String jti = link.getString("jti");
      assertThat(link.getString("url")).isEqualTo("http://127.0.0.1:" + a.port() + "/field/#signin=" + revokedToken);
      assertThat(link.getString("qrSvg")).startsWith("<svg ").endsWith("</svg>");
      assertThat(link.getString("expiresAt")).matches("\\d{4}-.*T.*[+-]\\d\\d:\\d\\d");
      keptToken = new JsonObject(a.post(LINKS, a.adminToken(),
          "{\"subject\":\"patrol-8\",\"districts\":[\"barnea\",\"afridar\"],\"ttl\":\"2h\"}").body()).getString("token");

      // The token works on the API as that patroller, in those districts, on either node.
      assertThat(b.send("PUT", POSITION, revokedToken, "{\"lon\":34.545,\"lat\":31.655}").statusCode()).isEqualTo(204);
      JsonObject onDuty = new JsonObject(b.get("/api/v1/patrollers", supervisor).body())
          .getJsonArray("patrollers").getJsonObject(0);
      assertThat(onDuty.getString("subject")).isEqualTo("patrol-7");
      assertThat(onDuty.getJsonArray("districts")).containsExactly("shimshon");

      JsonArray listed = new JsonObject(a.get(LINKS, supervisor).body()).getJsonArray("links");
      assertThat(listed).hasSize(2);
      JsonObject mine = listed.stream().map(JsonObject.class::cast)
          .filter(l -> l.getString("jti").equals(jti)).findFirst().orElseThrow();
      assertThat(mine.getString("subject")).isEqualTo("patrol-7");
      assertThat(mine.getString("issuedBy")).isEqualTo("supervisor-miri");
      assertThat(mine.getValue("revokedAt")).isNull();

      try (LiveClient tablet = LiveClient.connect(b.liveUri(), revokedToken)) {
        assertThat(tablet.next("hello", 30)).isNotNull();

        assertThat(a.send("DELETE", LINKS + "/" + jti, supervisor, "").statusCode()).isEqualTo(204);

        // Refused at once by the node that revoked it, and on the other as soon as it hears.
        assertError(a.get("/api/v1/reports", revokedToken), 401, "unauthorized", null);
        assertThat(untilRefused(b, revokedToken)).isEqualTo(401);
        JsonObject closed = tablet.next(LiveClient.CLOSED, 30);
        assertThat(closed).as("the tablet's stream is closed").isNotNull();
        assertThat(closed.getInteger("code")).isEqualTo(4001);
        assertThat(closed.getString("reason")).isEqualTo("token revoked");
      }
      assertThat(a.send("DELETE", LINKS + "/" + jti, supervisor, "").statusCode()).as("again").isEqualTo(204);
      assertError(a.send("DELETE", LINKS + "/no-such-link", supervisor, ""), 404, "not_found", null);
      JsonObject revoked = new JsonObject(b.get(LINKS, b.adminToken()).body()).getJsonArray("links").stream()
          .map(JsonObject.class::cast).filter(l -> l.getString("jti").equals(jti)).findFirst().orElseThrow();
      assertThat(revoked.getString("revokedAt")).isNotNull();
      assertThat(b.get("/api/v1/reports", keptToken).statusCode()).isEqualTo(200);
    }

    // The whole cluster restarts: the revocation is restored from the store.
    try (RunningNode again = RunningNode.start(data, TestClusters.random())) {
      assertError(again.get("/api/v1/reports", revokedToken), 401, "unauthorized", null);
      assertThat(again.get("/api/v1/reports", keptToken).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void linksAreCheckedAndForSupervisorsOnly() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      String supervisor = node.token(Role.SUPERVISOR);
      assertError(node.post(LINKS, supervisor, LINK.replace("shimshon", "atlantis")), 422, "unknown_district", "districts");
      assertError(node.post(LINKS, supervisor, LINK.replace("12h", "1m")), 422, "out_of_range", "ttl");
      assertError(node.post(LINKS, supervisor, LINK.replace("12h", "8d")), 422, "out_of_range", "ttl");
      assertError(node.post(LINKS, supervisor, LINK.replace("12h", "soon")), 422, "invalid_format", "ttl");
      assertError(node.post(LINKS, supervisor, LINK.replace("patrol-7", " ")), 422, "missing_field", "subject");
      assertError(node.post(LINKS, supervisor, LINK.replace("patrol-7", "x".repeat(101))), 422, "too_long", "subject");
      assertError(node.post(LINKS, supervisor, LINK.replace("[\"shimshon\"]", "[]")), 422, "invalid_type", "districts");
      assertError(node.post(LINKS, supervisor, LINK.replace("\"ttl\"", "\"role\":\"admin\",\"ttl\"")),
          422, "unknown_field", "role");
      for (Role role : new Role[] {Role.OPERATOR, Role.DISPLAY, Role.PATROLLER, Role.INTAKE}) {
        String token = node.token(role, "shimshon");
        assertError(node.post(LINKS, token, LINK), 403, "forbidden", null);
        assertError(node.get(LINKS, token), 403, "forbidden", null);
        assertError(node.send("DELETE", LINKS + "/x", token, ""), 403, "forbidden", null);
      }
      assertThat(new JsonObject(node.get(LINKS, supervisor).body()).getJsonArray("links")).isEmpty();
    }
  }

  @Test
  void aRevocationWhoseEventANodeMissedIsCaughtFromTheStore() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), Map.of(),
        "devices:\n  revocationRefreshSeconds: 1\n")) {
      JsonObject link = new JsonObject(node.post(LINKS, node.token(Role.SUPERVISOR), LINK).body());
      String token = link.getString("token");
      // What is recorded is what the token says: its exp claim, to the second.
      JsonObject claims = new JsonObject(new String(
          Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
      assertThat(OffsetDateTime.parse(link.getString("expiresAt")).toEpochSecond()).isEqualTo(claims.getLong("exp"));

      try (LiveClient tablet = LiveClient.connect(node.liveUri(), token)) {
        assertThat(tablet.next("hello", 30)).isNotNull();
        // Revoked in the store alone: the cluster's map never hears of it, as when its event is
        // lost or a split brain heals. The node's periodic read of the store finds it.
        new DeviceLinkRepository(node.services().store()).revoke(link.getString("jti"), Instant.now())
            .await(30, TimeUnit.SECONDS);

        assertThat(untilRefused(node, token)).isEqualTo(401);
        JsonObject closed = tablet.next(LiveClient.CLOSED, 30);
        assertThat(closed).as("the tablet's stream is closed").isNotNull();
        assertThat(closed.getInteger("code")).isEqualTo(4001);
        assertThat(closed.getString("reason")).isEqualTo("token revoked");
      }
    }
  }

  @Test
  void aLinkThatCannotBeDrawnIsRefusedBeforeItIsRecorded() throws Exception {
    // A public URL so long that no link fits a QR code, and at most one district per link.
    Map<String, String> env = Map.of("HAMAL_PUBLIC_URL", "https://hamal.example/" + "x".repeat(2400));
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), env,
        "devices:\n  maxDistrictsPerLink: 1\n")) {
      String supervisor = node.token(Role.SUPERVISOR);
      assertError(node.post(LINKS, supervisor, LINK.replace("[\"shimshon\"]", "[\"shimshon\",\"barnea\"]")),
          422, "too_many", "districts");
      assertError(node.post(LINKS, supervisor, LINK), 422, "too_long", "districts");
      assertThat(new JsonObject(node.get(LINKS, supervisor).body()).getJsonArray("links")).isEmpty();
    }
  }

  /** Polls the node until it refuses the token (it hears of revocations from the cluster). */
  private static int untilRefused(RunningNode node, String token) throws Exception {
    return Eventually.until(() -> node.get("/api/v1/reports", token).statusCode(), status -> status == 401, Duration.ofSeconds(30));
  }
}
