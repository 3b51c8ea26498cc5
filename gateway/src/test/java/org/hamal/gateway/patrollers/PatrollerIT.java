package org.hamal.gateway.patrollers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.ApiErrors.assertError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patrollers on duty across a cluster of two nodes: a position put on node A reaches the ops
 * room's stream on node B and B's listing; positions are bounded in rate and checked; only the
 * ops room's roles see them; signing off removes the patroller everywhere.
 */
class PatrollerIT {

  private static final String POSITION = "/api/v1/patrollers/me/position";
  private static final String HERE = "{\"lon\":34.545,\"lat\":31.655,\"accuracyM\":12}";

  @TempDir Path data;

  @Test
  void aPositionPutOnOneNodeReachesTheOpsRoomOnTheOther() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode a = RunningNode.start(data, cluster);
        RunningNode b = RunningNode.start(data, cluster);
        LiveClient room = LiveClient.connect(b.liveUri(), b.token(Role.DISPLAY));
        LiveClient field = LiveClient.connect(b.liveUri(), b.token(Role.PATROLLER, "barnea"))) {
      assertThat(room.next("hello", 30)).isNotNull();
      assertThat(field.next("hello", 30)).isNotNull();
      room.subscribe(new JsonObject(), null, null);
      assertThat(room.next("subscribed", 30).getJsonArray("patrollers")).isEmpty();
      String patroller = a.token(Role.PATROLLER, "shimshon");
      assertThat(a.awaitPartitionsSafe(Duration.ofSeconds(60))).as("partitions settled after B joined").isTrue();

      assertThat(a.send("PUT", POSITION, patroller, HERE).statusCode()).isEqualTo(204);

      JsonObject moved = room.next("patroller.position", 30);
      assertThat(moved).as("announced on node B").isNotNull();
      JsonObject p = moved.getJsonObject("patroller");
      assertThat(p.getString("subject")).isEqualTo("patroller-test");
      assertThat(p.getJsonArray("districts")).containsExactly("shimshon");
      assertThat(p.getDouble("lon")).isEqualTo(34.545);
      assertThat(p.getDouble("accuracyM")).isEqualTo(12.0);
      assertThat(p.getString("at")).matches("\\d{4}-.*T.*[+-]\\d\\d:\\d\\d"); // with the city's offset
      assertThat(p.containsKey("trail")).isFalse();

      JsonArray listed = listed(b, b.token(Role.OPERATOR));
      assertThat(listed).hasSize(1);
      assertThat(listed.getJsonObject(0).getJsonArray("trail")).hasSize(1);
      assertThat(listed.getJsonObject(0).getJsonArray("trail").getJsonObject(0).getDouble("lat")).isEqualTo(31.655);

      // A screen subscribing now gets the patrollers with its subscription.
      try (LiveClient late = LiveClient.connect(a.liveUri(), a.token(Role.SUPERVISOR))) {
        assertThat(late.next("hello", 30)).isNotNull();
        late.subscribe(new JsonObject(), null, null);
        JsonArray known = late.next("subscribed", 30).getJsonArray("patrollers");
        assertThat(known).hasSize(1);
        assertThat(known.getJsonObject(0).getString("subject")).isEqualTo("patroller-test");
      }

      assertThat(a.send("DELETE", POSITION, patroller, "").statusCode()).isEqualTo(204);
      JsonObject off = room.next("patroller.off_duty", 30);
      assertThat(off).as("off duty announced on node B").isNotNull();
      assertThat(off.getString("subject")).isEqualTo("patroller-test");
      assertThat(off.getString("reason")).isEqualTo("signed_off");
      assertThat(listed(b, b.adminToken())).isEmpty();

      // The patroller's own stream was sent none of it: everything before this pong came before
      // the announcements were queued behind it.
      field.send(new JsonObject().put("type", "ping").put("t", 1));
      assertThat(field.next("pong", 30)).isNotNull();
      List<JsonObject> seen = field.drain();
      assertThat(seen).noneMatch(m -> m.getString("type").startsWith("patroller."));
    }
  }

  @Test
  void positionsAreBoundedCheckedAndForTheOpsRoomOnly() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      String patroller = node.token(Role.PATROLLER, "shimshon");

      assertError(node.send("PUT", POSITION, patroller, "{\"lon\":200,\"lat\":31.6}"), 422, "out_of_range", "lon");
      assertError(node.send("PUT", POSITION, patroller, "{\"lat\":31.6}"), 422, "missing_field", "lon");
      assertError(node.send("PUT", POSITION, patroller, "{\"lon\":\"34\",\"lat\":31.6}"), 422, "invalid_type", "lon");
      assertError(node.send("PUT", POSITION, patroller, "{\"lon\":34.5,\"lat\":31.6,\"accuracyM\":-1}"),
          422, "out_of_range", "accuracyM");
      assertError(node.send("PUT", POSITION, patroller, "{\"lon\":34.5,\"lat\":31.6,\"speed\":3}"),
          422, "unknown_field", "speed");
      assertError(node.send("PUT", POSITION, patroller, "{not json"), 400, "malformed_json", null);
      // Without accuracy is fine.
      assertThat(node.send("PUT", POSITION, patroller, "{\"lon\":34.5,\"lat\":31.6}").statusCode()).isEqualTo(204);

      HttpResponse<String> again = node.send("PUT", POSITION, patroller, HERE);
      assertError(again, 429, "too_frequent", null);
      long retryAfter = Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, 10L);
      assertThat(listed(node, node.adminToken()).getJsonObject(0).getDouble("lon")).as("the first kept").isEqualTo(34.5);

      // Only a patroller has a position of its own; only the ops room reads them.
      assertError(node.send("PUT", POSITION, node.token(Role.OPERATOR), HERE), 403, "forbidden", null);
      assertError(node.send("PUT", POSITION, node.adminToken(), HERE), 403, "forbidden", null);
      assertError(node.get("/api/v1/patrollers", patroller), 403, "forbidden", null);
      assertError(node.get("/api/v1/patrollers", node.token(Role.INTAKE)), 403, "forbidden", null);
      assertThat(node.get("/api/v1/patrollers", node.token(Role.DISPLAY)).statusCode()).isEqualTo(200);
      assertError(node.get("/api/v1/patrollers", null), 401, "unauthorized", null);

      // Off duty, then on again at once: the bound is between positions of one spell on duty.
      assertThat(node.send("DELETE", POSITION, patroller, "").statusCode()).isEqualTo(204);
      assertThat(node.send("DELETE", POSITION, patroller, "").statusCode()).as("idempotent").isEqualTo(204);
      assertThat(node.send("PUT", POSITION, patroller, HERE).statusCode()).isEqualTo(204);
    }
  }

  private static JsonArray listed(RunningNode node, String token) throws Exception {
    HttpResponse<String> r = node.get("/api/v1/patrollers", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("patrollers");
  }
}
