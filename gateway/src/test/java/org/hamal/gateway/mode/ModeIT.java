package org.hamal.gateway.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.EndToEndIT.assertError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The city's mode on two real nodes: manual, by the call center's load, and its effects. */
class ModeIT {

  static final String CONFIG =
      """
      mode:
        enterAfterSeconds: 2
        exitAfterSeconds: 2
        minDwellSeconds: 2
        intakeRatePerSecond: 1000
        callsWaiting: 30
        longestWaitSeconds: 120
        abandonedPerMinute: 10
        callCenterStaleSeconds: 120
        tickMillis: 200
      """;
  static final String NOISE =
      "{\"category\":\"noise\",\"description\":\"מסיבה רועשת\",\"location\":{\"lon\":34.545,\"lat\":31.655}}";
  static final String INJURY =
      "{\"category\":\"injury\",\"description\":\"פצוע ברחוב\",\"location\":{\"lon\":34.545,\"lat\":31.655}}";

  @TempDir Path data;

  @Test
  void aSupervisorSetsAndReleasesTheModeEveryNodeAndScreenKnowsAndItIsAudited() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode a = RunningNode.start(data, cluster, Map.of(), CONFIG);
        RunningNode b = RunningNode.start(data, cluster, Map.of(), CONFIG);
        LiveClient screen = LiveClient.connect(b.liveUri(), b.token(Role.DISPLAY))) {
      assertThat(screen.next("mode", 30).getString("mode")).isEqualTo("routine");
      String supervisor = a.tokenFor("supervisor-miri", Role.SUPERVISOR);

      assertError(put(a, a.token(Role.OPERATOR), "{\"mode\":\"emergency\",\"reason\":\"x\"}"), 403, "forbidden");
      assertError(put(a, supervisor, "{\"mode\":\"emergency\"}"), 422, "missing_field");
      assertError(put(a, supervisor, "{\"mode\":\"panic\",\"reason\":\"x\"}"), 422, "unknown_mode");

      HttpResponse<String> set = put(a, supervisor, "{\"mode\":\"emergency\",\"reason\":\"מטח רקטות צפוי\"}");
      assertThat(set.statusCode()).isEqualTo(200);
      JsonObject onScreen = screen.next("mode", 30);
      assertThat(onScreen.getString("mode")).isEqualTo("emergency");
      assertThat(onScreen.getBoolean("manual")).isTrue();
      assertThat(onScreen.getString("actor")).isEqualTo("supervisor-miri");
      JsonObject onB = new JsonObject(b.get("/api/v1/mode", b.token(Role.DISPLAY)).body());
      assertThat(onB.getString("mode")).isEqualTo("emergency");
      assertThat(onB.getString("reason")).isEqualTo("מטח רקטות צפוי");

      HttpResponse<String> released =
          a.post("/api/v1/mode/release", supervisor, "{\"reason\":\"התרעה הסתיימה\"}");
      assertThat(new JsonObject(released.body()).getBoolean("manual")).isFalse();
      // Nothing holds it in emergency any more: calm for 2 s after 2 s of dwell, it returns.
      JsonObject back = screen.next(m -> "mode".equals(m.getString("type")) && "routine".equals(m.getString("mode")), 30);
      assertThat(back.getString("trigger")).isEqualTo("calm");

      // A change is in the audit log before any screen hears of it.
      JsonArray history = modeHistory(a, supervisor);
      assertThat(history.stream().map(h -> ((JsonObject) h).getString("trigger")).toList())
          .containsSubsequence("calm", "release", "manual");
      JsonObject manual = history.getJsonObject(2);
      assertThat(manual.getString("actor")).isEqualTo("supervisor-miri");
      assertThat(manual.getString("mode")).isEqualTo("emergency");
      assertThat(manual.getString("previous")).isEqualTo("routine");
    }
  }

  @Test
  void aSupervisorReassertingTheModeWithAnotherReasonIsAuditedAndOnEveryScreen() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode a = RunningNode.start(data, cluster, Map.of(), CONFIG);
        RunningNode b = RunningNode.start(data, cluster, Map.of(), CONFIG);
        LiveClient screen = LiveClient.connect(b.liveUri(), b.token(Role.DISPLAY))) {
      screen.next("mode", 30);
      JsonObject first = new JsonObject(put(a, a.tokenFor("supervisor-miri", Role.SUPERVISOR),
          "{\"mode\":\"emergency\",\"reason\":\"מטח רקטות צפוי\"}").body());
      screen.next(m -> "mode".equals(m.getString("type")) && "emergency".equals(m.getString("mode")), 30);

      HttpResponse<String> again = put(b, b.tokenFor("supervisor-dana", Role.SUPERVISOR),
          "{\"mode\":\"emergency\",\"reason\":\"נפילות בשמשון, ממשיכים\"}");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      JsonObject onScreen = screen.next(m -> "mode".equals(m.getString("type")) && "supervisor-dana".equals(m.getString("actor")), 30);
      assertThat(onScreen.getString("reason")).isEqualTo("נפילות בשמשון, ממשיכים");
      assertThat(onScreen.getString("since")).as("the emergency goes on").isEqualTo(first.getString("since"));
      JsonObject api = new JsonObject(a.get("/api/v1/mode", a.token(Role.DISPLAY)).body());
      assertThat(api.getString("actor")).isEqualTo("supervisor-dana");
      JsonArray history = modeHistory(a, a.adminToken());
      assertThat(history.getJsonObject(0).getString("actor")).isEqualTo("supervisor-dana");
      assertThat(history.getJsonObject(0).getString("previous")).isEqualTo("emergency");
      assertThat(history.getJsonObject(1).getString("actor")).isEqualTo("supervisor-miri");
    }
  }

  @Test
  void oneCallersVolumeDoesNotSwitchTheCityButManyCallersDo() throws Exception {
    String config = CONFIG.replace("intakeRatePerSecond: 1000", "intakeRatePerSecond: 20\n  intakeRatePerCallerAndDistrict: 4");
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), Map.of(), config);
        LiveClient screen = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      assertThat(screen.next("mode", 30).getString("mode")).isEqualTo("routine");
      // One patroller's token, one district, about 40 reports a second for twice the time a
      // trigger must hold: it counts as 4 a second.
      String patroller = node.tokenFor("patrol-7", Role.PATROLLER);
      post(node, List.of(patroller), 2 * 40 * 2);
      assertThat(screen.drain()).noneMatch(m -> "mode".equals(m.getString("type")));
      assertThat(new JsonObject(node.get("/api/v1/mode", node.adminToken()).body()).getString("mode")).isEqualTo("routine");

      // Ten callers at the same total rate: 40 a second count in full.
      List<String> callers = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        callers.add(node.tokenFor("sms-" + i, Role.INTAKE));
      }
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      JsonObject entered = null;
      while (entered == null && System.nanoTime() < deadline) {
        post(node, callers, 40);
        entered = screen.next(m -> "mode".equals(m.getString("type")) && "emergency".equals(m.getString("mode")), 0);
      }
      assertThat(entered).as("many callers switch the city").isNotNull();
      assertThat(entered.getString("trigger")).isEqualTo("intake-rate");
    }
  }

  /** About 40 reports a second, round-robin over the callers' tokens. */
  private static void post(RunningNode node, List<String> tokens, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      assertThat(node.post("/api/v1/reports", tokens.get(i % tokens.size()), NOISE).statusCode()).isEqualTo(201);
      Thread.sleep(25); // paces the load (the scenario's rate), not a wait for anything
    }
  }

  @Test
  void theCallCenterSwitchesTheModeAndEmergencyDefersWhatCanWait() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode a = RunningNode.start(data, cluster, Map.of(), CONFIG);
        RunningNode b = RunningNode.start(data, cluster, Map.of(), CONFIG);
        LiveClient tablet = LiveClient.connect(b.liveUri(), b.token(Role.PATROLLER, "shimshon"));
        LiveClient ops = LiveClient.connect(a.liveUri(), a.token(Role.OPERATOR))) {
      tablet.next("mode", 30);
      ops.next("mode", 30);
      String telephony = a.tokenFor("telephony", Role.INTAKE);
      assertError(a.post("/api/v1/callcenter/load", telephony, "{\"callsWaiting\":-1,\"longestWaitSeconds\":0,\"agentsAvailable\":1,\"abandonedPerMinute\":0}"), 422, "out_of_range");
      assertError(a.post("/api/v1/callcenter/load", a.token(Role.OPERATOR), jammed()), 403, "forbidden");

      assertThat(a.post("/api/v1/callcenter/load", telephony, jammed()).statusCode()).isEqualTo(202);
      JsonObject entered = tablet.next(m -> "mode".equals(m.getString("type")) && "emergency".equals(m.getString("mode")), 30);
      assertThat(entered.getString("trigger")).isEqualTo("call-center");
      assertThat(entered.getString("reason")).contains("55 calls waiting");

      // Emergency: a noise complaint is stored and answered, but deferred off the field queues.
      HttpResponse<String> noise = a.post("/api/v1/reports", a.adminToken(), NOISE);
      assertThat(noise.statusCode()).isEqualTo(201);
      JsonObject deferred = new JsonObject(noise.body());
      assertThat(deferred.getBoolean("deferred")).isTrue();
      assertThat(deferred.getJsonObject("notice").getString("he")).contains("לאחר החזרה לשגרה");
      String injury = new JsonObject(a.post("/api/v1/reports", a.adminToken(), INJURY).body()).getString("id");
      java.util.List<JsonObject> seen = new java.util.ArrayList<>();
      JsonObject withInjury = tablet.next(m -> {
        seen.add(m);
        return m.encode().contains(injury);
      }, 30);
      assertThat(withInjury).isNotNull();
      assertThat(seen).noneMatch(m -> m.encode().contains(deferred.getString("id")));
      // Stored, and readable by the operations room; on maps in an emergency it is a count, not a pin.
      assertThat(a.get("/api/v1/reports/" + deferred.getString("id"), a.token(Role.OPERATOR)).statusCode()).isEqualTo(200);
      assertThat(ops.next(m -> "batch".equals(m.getString("type")) && m.getJsonObject("counts").getInteger("shimshon", 0) >= 2, 30))
          .isNotNull();

      assertThat(a.post("/api/v1/callcenter/load", telephony, "{\"callsWaiting\":2,\"longestWaitSeconds\":10,\"agentsAvailable\":8,\"abandonedPerMinute\":0}").statusCode())
          .isEqualTo(202);
      tablet.next(m -> "mode".equals(m.getString("type")) && "routine".equals(m.getString("mode")), 30);
      // After the emergency the deferred report joins the field queue.
      JsonObject released = tablet.next(m -> m.encode().contains(deferred.getString("id")), 30);
      assertThat(released).isNotNull();
      assertThat(released.encode()).contains("\"deferred\":false");
      var history = new JsonObject(a.get("/api/v1/reports/" + deferred.getString("id") + "/history", a.adminToken()).body());
      assertThat(history.getJsonArray("history").getJsonObject(1).getString("note")).contains("emergency over");
    }
  }

  @Test
  void inAnEmergencyMapsGetBatchesWithOnlyUrgentMarkersIncidentsAndHeat() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), Map.of(), CONFIG);
        LiveClient map = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY));
        LiveClient shimshonTablet = LiveClient.connect(node.liveUri(), node.token(Role.PATROLLER, "shimshon"));
        LiveClient barneaTablet = LiveClient.connect(node.liveUri(), node.token(Role.PATROLLER, "barnea"))) {
      map.next("hello", 30);
      map.subscribe(new JsonObject(), null, null);
      map.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
      String supervisor = node.token(Role.SUPERVISOR);
      assertThat(put(node, supervisor, "{\"mode\":\"emergency\",\"reason\":\"drill\"}").statusCode()).isEqualTo(200);
      map.next(m -> "mode".equals(m.getString("type")) && "emergency".equals(m.getString("mode")), 30);

      String roads = new JsonObject(node.post("/api/v1/reports", node.adminToken(),
          "{\"category\":\"roads\",\"description\":\"שלט נפל\",\"location\":{\"lon\":34.545,\"lat\":31.655}}").body()).getString("id");
      JsonObject injured = new JsonObject(node.post("/api/v1/reports", node.adminToken(), INJURY).body());
      String injury = injured.getString("id");

      java.util.List<JsonObject> batches = new java.util.ArrayList<>();
      JsonObject batch = map.next(m -> {
        if ("batch".equals(m.getString("type"))) {
          batches.add(m);
        }
        return "batch".equals(m.getString("type")) && m.encode().contains(injury);
      }, 30);
      assertThat(batch).as("the urgent report comes in a batch").isNotNull();
      // The low one is no marker: it is counted, and named among the folded (in this batch or an earlier one).
      assertThat(batches).noneMatch(b -> b.getJsonArray("reports").encode().contains(roads));
      assertThat(batches).anyMatch(b -> b.getJsonArray("folded").getList().contains(roads));
      // Its incident is announced just after it: in the same batch, or the next tick's.
      String incident = injured.getString("incident");
      assertThat(incident).isNotNull();
      JsonObject withIncident = batch.getJsonArray("incidents").encode().contains(incident) ? batch
          : map.next(m -> "batch".equals(m.getString("type")) && m.getJsonArray("incidents").encode().contains(incident), 30);
      assertThat(withIncident).as("the urgent report's incident comes in a batch").isNotNull();
      assertThat(batch.getJsonObject("counts").getInteger("shimshon")).isGreaterThanOrEqualTo(2);
      JsonObject heat = map.next(m -> "heat".equals(m.getString("type")) && !m.getJsonArray("cells").isEmpty(), 30);
      assertThat(heat).as("the city's heat layer").isNotNull();
      assertThat(map.drain()).noneMatch(m -> "report.created".equals(m.getString("type")));
      // A patroller's tablet gets the heat of its own districts only, like its counts: the next
      // layer after the city's showed the reports.
      shimshonTablet.drain();
      barneaTablet.drain();
      assertThat(shimshonTablet.next("heat", 30).getJsonArray("cells")).isEqualTo(heat.getJsonArray("cells"));
      assertThat(barneaTablet.next("heat", 30).getJsonArray("cells")).isEmpty();
    }
  }

  @Test
  void aSaturatedNodeRefusesWhatCanWaitButNeverLifeSafety() throws Exception {
    try (RunningNode node =
        RunningNode.start(data, TestClusters.random(), Map.of(), "admission:\n  maxQueuedReports: 0\n")) {
      HttpResponse<String> refused = node.post("/api/v1/reports", node.adminToken(), NOISE);
      assertError(refused, 429, "overloaded");
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(node.post("/api/v1/reports", node.adminToken(), INJURY).statusCode()).isEqualTo(201);
      JsonObject batch =
          new JsonObject(node.post("/api/v1/reports:batch", node.adminToken(), "[" + NOISE + "," + INJURY + "]").body());
      assertThat(batch.getJsonArray("results").stream().map(r -> ((JsonObject) r).getInteger("status")).toList())
          .containsExactly(429, 201);
    }
  }

  private static String jammed() {
    return "{\"callsWaiting\":55,\"longestWaitSeconds\":400,\"agentsAvailable\":0,\"abandonedPerMinute\":25}";
  }

  private static HttpResponse<String> put(RunningNode node, String token, String body) throws Exception {
    return node.send("PUT", "/api/v1/mode", token, body);
  }

  private static JsonArray modeHistory(RunningNode node, String token) throws Exception {
    return new JsonObject(node.get("/api/v1/mode/history", token).body()).getJsonArray("history");
  }
}
