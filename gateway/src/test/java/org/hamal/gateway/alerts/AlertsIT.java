package org.hamal.gateway.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.ApiErrors.assertError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rocket alerts against real nodes (docs/alerts.md): relayed on one node, streamed on the other;
 * one alert per source id, even when two nodes relay it at once; the all-clear, the end of the
 * stay time, "I am safe", and a full restart with the remaining stay time.
 */
class AlertsIT {

  private static final String ALERTS = "/api/v1/alerts";
  /** Lets an alert end by itself in a second. */
  private static final String SHORT_STAYS = "alerts:\n  minStaySeconds: 1\n";
  /** No sweep during the test: only a restart can end an alert. */
  private static final String NO_SWEEP = "alerts:\n  minStaySeconds: 1\n  sweepSeconds: 3600\n";

  @TempDir Path data;

  @Test
  void anAlertRelayedOnOneNodeIsOneAlertOnEveryScreenOfTheOther() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode a = RunningNode.start(data, cluster);
        RunningNode b = RunningNode.start(data, cluster);
        LiveClient room = LiveClient.connect(b.liveUri(), b.token(Role.DISPLAY))) {
      assertThat(a.awaitPartitionsSafe(Duration.ofSeconds(60))).as("partitions settled after B joined").isTrue();
      assertThat(room.next("mode", 30)).isNotNull();
      assertThat(room.next("alerts", 30).getJsonArray("alerts")).as("none active yet").isEmpty();

      String south = district(a, "ashkelon-south");
      String relay = a.tokenFor("oref-relay", Role.ALERTS);
      // A patroller on duty in the area's districts when the alert comes is concerned.
      assertThat(a.send("PUT", "/api/v1/patrollers/me/position", a.patrollerToken("patrol-7", south),
          "{\"lon\":34.0,\"lat\":31.0}").statusCode()).isEqualTo(204);
      Eventually.until(() -> a.services().patrollers().known().size(), n -> n == 1, Duration.ofSeconds(30));

      HttpResponse<String> created = a.post(ALERTS, relay,
          "{\"sourceId\":\"oref-1\",\"areas\":[\"ashkelon-south\"],\"threat\":\"rockets\",\"staySeconds\":600}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonObject alert = new JsonObject(created.body());
      String id = alert.getString("id");
      assertThat(alert.getString("status")).isEqualTo("active");
      assertThat(alert.getString("createdBy")).isEqualTo("oref-relay");
      assertThat(alert.getJsonArray("districts")).contains(south);
      assertThat(alert.getJsonArray("areas").getJsonObject(0).getInteger("shelterSeconds")).isEqualTo(30);
      assertThat(Duration.between(OffsetDateTime.parse(alert.getString("startedAt")),
          OffsetDateTime.parse(alert.getString("endsAt")))).isEqualTo(Duration.ofSeconds(600));
      assertThat(alert.getJsonArray("patrollers")).as("the relay is not told who is where").isEmpty();

      JsonObject streamed = room.next("alert", 30);
      assertThat(streamed).as("streamed on node B").isNotNull();
      JsonArray concerned = streamed.getJsonObject("alert").getJsonArray("patrollers");
      assertThat(concerned.getJsonObject(0).getString("id")).as("the ops room is").isEqualTo("patrol-7");
      assertThat(concerned.getJsonObject(0).getString("safeAt")).isNull();
      assertThat(streamed.getJsonObject("alert").getString("id")).isEqualTo(id);

      // The same source id again, on the other node: the same alert, unchanged.
      HttpResponse<String> again = b.post(ALERTS, b.tokenFor("oref-relay", Role.ALERTS),
          "{\"sourceId\":\"oref-1\",\"areas\":[\"אשקלון - דרום\"]}");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      assertThat(new JsonObject(again.body()).getString("id")).isEqualTo(id);

      // A repeat naming another area adds it: one message.
      HttpResponse<String> more = b.post(ALERTS, b.adminToken(),
          "{\"sourceId\":\"oref-1\",\"areas\":[\"ashkelon-south\",\"ASHKELON - north\"]}");
      assertThat(more.statusCode()).as(more.body()).isEqualTo(200);
      assertThat(ids(new JsonObject(more.body()).getJsonArray("areas"))).containsExactly("ashkelon-south", "ashkelon-north");
      JsonObject grown = room.next("alert", 30).getJsonObject("alert");
      assertThat(ids(grown.getJsonArray("areas"))).containsExactly("ashkelon-south", "ashkelon-north");

      // Two nodes relaying a new alert at once: one alert.
      String body = "{\"sourceId\":\"oref-2\",\"areas\":[\"industrial-south\"]}";
      ExecutorService two = Executors.newFixedThreadPool(2);
      try {
        Future<HttpResponse<String>> onA = two.submit(() -> a.post(ALERTS, relay, body));
        Future<HttpResponse<String>> onB = two.submit(() -> b.post(ALERTS, relay, body));
        HttpResponse<String> ra = onA.get();
        HttpResponse<String> rb = onB.get();
        assertThat(List.of(ra.statusCode(), rb.statusCode())).containsExactlyInAnyOrder(201, 200);
        assertThat(new JsonObject(ra.body()).getString("id")).isEqualTo(new JsonObject(rb.body()).getString("id"));
      } finally {
        two.shutdownNow();
      }
      JsonArray listed = list(b, b.token(Role.DISPLAY));
      assertThat(listed).hasSize(2);
      assertThat(listed.getJsonObject(0).getString("sourceId")).as("newest first").isEqualTo("oref-2");

      // A screen connecting now is told of the active alerts right after the mode.
      try (LiveClient late = LiveClient.connect(a.liveUri(), a.token(Role.OPERATOR))) {
        assertThat(late.next("hello", 30)).isNotNull();
        List<JsonObject> first = List.of(late.next(m -> true, 30), late.next(m -> true, 30));
        assertThat(first.get(0).getString("type")).isEqualTo("mode");
        assertThat(first.get(1).getString("type")).isEqualTo("alerts");
        assertThat(first.get(1).getJsonArray("alerts")).hasSize(2);
      }

      // "I am safe", on node A; streamed on B.
      String patroller = a.patrollerToken("patrol-7", south);
      HttpResponse<String> safe = a.post(ALERTS + "/" + id + "/safe", patroller, "{}");
      assertThat(safe.statusCode()).as(safe.body()).isEqualTo(200);
      String safeAt = new JsonObject(safe.body()).getJsonArray("patrollers").getJsonObject(0).getString("safeAt");
      assertThat(safeAt).isNotNull();
      JsonObject answered = room.next(m -> "alert".equals(m.getString("type"))
          && m.getJsonObject("alert").getJsonArray("patrollers").getJsonObject(0).getString("safeAt") != null, 30);
      assertThat(answered).as("the answer streamed on B").isNotNull();
      HttpResponse<String> twice = b.post(ALERTS + "/" + id + "/safe", b.patrollerToken("patrol-7", south), "");
      assertThat(new JsonObject(twice.body()).getJsonArray("patrollers").getJsonObject(0).getString("safeAt"))
          .as("the first answer kept").isEqualTo(safeAt);
      // Someone not on duty there who answers is listed too.
      HttpResponse<String> other = b.post(ALERTS + "/" + id + "/safe", b.patrollerToken("patrol-9", south), "");
      // A patroller is told of its own answer only; who else is where is for the ops room.
      assertThat(ids(new JsonObject(other.body()).getJsonArray("patrollers"))).containsExactly("patrol-9");
      assertThat(ids(new JsonObject(b.get(ALERTS + "/" + id, b.token(Role.DISPLAY)).body()).getJsonArray("patrollers")))
          .containsExactly("patrol-7", "patrol-9");
      assertThat(new JsonObject(b.get(ALERTS + "/" + id, b.tokenFor("oref-relay", Role.ALERTS)).body())
          .getJsonArray("patrollers")).isEmpty();

      // Every node's own view: the active alerts over a point, and the areas alerted lately.
      org.locationtech.jts.geom.Point inSouth = a.services().alertAreas().current().find("ashkelon-south").orElseThrow()
          .geometry().getInteriorPoint();
      assertThat(b.services().alerts().activeCovering(inSouth.getX(), inSouth.getY())).extracting(x -> x.id())
          .containsExactly(id);
      assertThat(b.services().alerts().areasAlertedWithin(Duration.ofMinutes(10))).isEqualTo(3);

      // The all-clear, by a supervisor on B.
      HttpResponse<String> cleared = b.post(ALERTS + "/" + id + "/clear", b.tokenFor("dana", Role.SUPERVISOR), "");
      assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
      JsonObject over = new JsonObject(cleared.body());
      assertThat(over.getString("status")).isEqualTo("cleared");
      assertThat(over.getString("clearedBy")).isEqualTo("dana");
      assertThat(room.next(m -> "alert".equals(m.getString("type"))
          && "cleared".equals(m.getJsonObject("alert").getString("status")), 30)).isNotNull();
      HttpResponse<String> clearedAgain = a.post(ALERTS + "/" + id + "/clear", relay, "");
      assertThat(new JsonObject(clearedAgain.body()).getString("clearedBy")).as("unchanged").isEqualTo("dana");
      assertError(a.post(ALERTS + "/" + id + "/safe", patroller, "{}"), 409, "alert_not_active", null);
      assertThat(Eventually.until(() -> a.services().alerts().active(), l -> l.size() == 1, Duration.ofSeconds(30)))
          .as("node A's view").extracting(x -> x.sourceId()).containsExactly("oref-2");
      assertThat(a.services().alerts().activeCovering(inSouth.getX(), inSouth.getY())).isEmpty();
    }
  }

  @Test
  void badAlertsAndTheWrongRolesAreRefused() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      String relay = node.token(Role.ALERTS);
      assertError(node.post(ALERTS, relay, "{\"sourceId\":\"x\",\"areas\":[\"ashkelon-south\",\"gaza\"]}"),
          400, "unknown_area", "areas[1]");
      assertError(node.post(ALERTS, relay, "{\"areas\":[\"ashkelon-south\"]}"), 422, "missing_field", "sourceId");
      assertError(node.post(ALERTS, relay, "{\"sourceId\":\"x\",\"areas\":[]}"), 422, "out_of_range", "areas");
      assertError(node.post(ALERTS, relay, "{\"sourceId\":\"x\",\"areas\":[\"ashkelon-south\"],\"threat\":\"meteor\"}"),
          422, "unknown_threat", "threat");
      assertError(node.post(ALERTS, relay, "{\"sourceId\":\"x\",\"areas\":[\"ashkelon-south\"],\"staySeconds\":5}"),
          422, "out_of_range", "staySeconds");
      assertError(node.post(ALERTS, relay, "{\"sourceId\":\"x\",\"areas\":[\"ashkelon-south\"],\"extra\":1}"),
          422, "unknown_field", "extra");
      assertError(node.post(ALERTS, relay, "{nope"), 400, "malformed_json", null);
      String ok = "{\"sourceId\":\"x\",\"areas\":[\"ashkelon-south\"]}";
      for (Role role : new Role[] {Role.DISPLAY, Role.PATROLLER, Role.OPERATOR, Role.SUPERVISOR, Role.INTAKE}) {
        assertError(node.post(ALERTS, node.token(role, "barnea"), ok), 403, "forbidden", null);
      }
      assertError(node.post(ALERTS, null, ok), 401, "unauthorized", null);
      assertThat(list(node, node.adminToken())).as("nothing written").isEmpty();

      String id = new JsonObject(node.post(ALERTS, relay, ok).body()).getString("id");
      assertError(node.post(ALERTS + "/" + id + "/clear", node.token(Role.OPERATOR), ""), 403, "forbidden", null);
      assertError(node.post(ALERTS + "/" + id + "/safe", node.token(Role.SUPERVISOR), ""), 403, "forbidden", null);
      assertError(node.post(ALERTS + "/" + id + "/safe", node.patrollerToken("p", "barnea"), "{\"ok\":1}"),
          422, "unknown_field", "ok");
      assertError(node.get(ALERTS + "/nope", relay), 404, "not_found", null);
      // Checked before any lookup: a NUL never reaches the store.
      assertError(node.get(ALERTS + "/%00", relay), 404, "not_found", null);
      assertError(node.post(ALERTS + "/%00/safe", node.patrollerToken("p", "barnea"), ""), 404, "not_found", null);
      assertError(node.post(ALERTS + "/nope/clear", relay, ""), 404, "not_found", null);
      assertThat(node.get(ALERTS + "/" + id, node.patrollerToken("p", "barnea")).statusCode()).isEqualTo(200);
      assertError(node.get(ALERTS + "?limit=0", relay), 422, "out_of_range", "limit");
    }
  }

  @Test
  void anAlertEndsByItselfWhenItsStayTimeRunsOut() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), java.util.Map.of(), SHORT_STAYS);
        LiveClient room = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      assertThat(room.next("alerts", 30)).isNotNull();
      HttpResponse<String> created = node.post(ALERTS, node.token(Role.ALERTS),
          "{\"sourceId\":\"short\",\"areas\":[\"ashkelon-north\"],\"staySeconds\":1}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonObject ended = room.next(m -> "alert".equals(m.getString("type"))
          && "ended".equals(m.getJsonObject("alert").getString("status")), 30);
      assertThat(ended).as("ended by itself").isNotNull();
      JsonObject alert = new JsonObject(node.get(ALERTS + "/" + ended.getJsonObject("alert").getString("id"),
          node.token(Role.DISPLAY)).body());
      assertThat(alert.getString("status")).isEqualTo("ended");
      assertThat(alert.getString("clearedBy")).isEqualTo("system");
      assertThat(alert.getString("clearedAt")).isEqualTo(alert.getString("endsAt"));
      assertThat(node.services().alerts().active()).isEmpty();
      assertThat(list(node, node.token(Role.DISPLAY))).as("still listed as recent").hasSize(1);
    }
  }

  @Test
  void alertsSurviveAFullRestartWithTheirRemainingStayTime() throws Exception {
    String staying;
    String lapsing;
    String endsAt;
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), java.util.Map.of(), NO_SWEEP)) {
      String relay = node.token(Role.ALERTS);
      JsonObject first = new JsonObject(node.post(ALERTS, relay,
          "{\"sourceId\":\"stays\",\"areas\":[\"ashkelon-south\"],\"staySeconds\":3600}").body());
      staying = first.getString("id");
      endsAt = first.getString("endsAt");
      lapsing = new JsonObject(node.post(ALERTS, relay,
          "{\"sourceId\":\"lapses\",\"areas\":[\"ashkelon-north\"],\"staySeconds\":1}").body()).getString("id");
      assertThat(node.post(ALERTS + "/" + staying + "/safe", node.patrollerToken("patrol-7", "barnea"), "").statusCode())
          .isEqualTo(200);
      // The lapsing alert's stay runs out while the node is up, but nothing sweeps: still active.
      OffsetDateTime lapses = OffsetDateTime.parse(new JsonObject(node.get(ALERTS + "/" + lapsing, relay).body())
          .getString("endsAt"));
      Eventually.until(OffsetDateTime::now, now -> now.isAfter(lapses), Duration.ofSeconds(30));
      assertThat(new JsonObject(node.get(ALERTS + "/" + lapsing, relay).body()).getString("status")).isEqualTo("active");
    }
    try (RunningNode again = RunningNode.start(data, TestClusters.random(), java.util.Map.of(), NO_SWEEP);
        LiveClient room = LiveClient.connect(again.liveUri(), again.token(Role.DISPLAY))) {
      JsonArray active = room.next("alerts", 30).getJsonArray("alerts");
      assertThat(ids(active)).containsExactly(staying);
      assertThat(active.getJsonObject(0).getString("endsAt")).as("the same end: the remaining stay").isEqualTo(endsAt);
      assertThat(active.getJsonObject(0).getJsonArray("patrollers").getJsonObject(0).getString("safeAt")).isNotNull();
      JsonObject lapsed = new JsonObject(again.get(ALERTS + "/" + lapsing, again.token(Role.DISPLAY)).body());
      assertThat(lapsed.getString("status")).as("its stay ran out while the cluster was down").isEqualTo("ended");
      assertThat(lapsed.getString("clearedBy")).isEqualTo("system");
      assertThat(audit(again, staying)).containsExactly("created by alerts-test", "safe by patrol-7");
      assertThat(audit(again, lapsing)).containsExactly("created by alerts-test", "ended by system");
    }
  }

  /** The alert's audit rows, oldest first, as "action by actor". */
  private static List<String> audit(RunningNode node, String id) throws Exception {
    return node.services().store()
        .query(c -> c.preparedQuery("SELECT action, actor FROM alert_audit WHERE alert_id = ? ORDER BY id")
            .execute(io.vertx.sqlclient.Tuple.of(id)))
        .map(rows -> {
          List<String> out = new java.util.ArrayList<>();
          rows.forEach(r -> out.add(r.getString("action") + " by " + r.getString("actor")));
          return out;
        })
        .await(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static String district(RunningNode node, String area) throws Exception {
    JsonObject file = new JsonObject(node.get("/api/v1/alert-areas", null).body());
    for (Object f : file.getJsonArray("features")) {
      JsonObject p = ((JsonObject) f).getJsonObject("properties");
      if (area.equals(p.getString("id"))) {
        return p.getJsonArray("districts").getString(0);
      }
    }
    throw new AssertionError("no area " + area);
  }

  private static JsonArray list(RunningNode node, String token) throws Exception {
    HttpResponse<String> r = node.get(ALERTS, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("alerts");
  }

  private static List<String> ids(JsonArray a) {
    return a.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
