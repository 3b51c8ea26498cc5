package org.hamal.gateway.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.TestPostgres;
import org.hamal.gateway.EndToEndIT;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Incident grouping, merge and split, and response-time escalations, on a real node. */
class IncidentIT {

  @RegisterExtension
  static final RunningNode node =
      RunningNode.extension()
          .withConfig("""
            incidents:
              radiusMeters: 150
              windowMinutes: 15
              recountSeconds: 1
            sla:
              routineMinutes: {5: 0, 4: 60, 3: 60, 2: 60, 1: 60}
              emergencyMinutes: {5: 0, 4: 60, 3: 60, 2: 60, 1: 60}
              checkSeconds: 1
            """);

  static String report(String category, double lon, double lat, String text) {
    return new JsonObject()
        .put("category", category)
        .put("description", text)
        .put("location", new JsonObject().put("lon", lon).put("lat", lat))
        .encode();
  }

  @Test
  void reportsOfOneCategoryNearInSpaceAndTimeAreOneIncident() throws Exception {
    // An impact in Barnea, reported through several channels, each a few tens of metres apart.
    List<String> incidents = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      incidents.add(node.report(report("building-hit", 34.5737 + i * 0.0002, 31.6879 + i * 0.0001, "נפילה בבניין")).getString("incident"));
    }
    assertThat(incidents).doesNotContainNull().containsOnly(incidents.get(0));
    String impact = incidents.get(0);
    // The same place, another category: another incident. A kilometre away: another too.
    String fire = node.report(report("fire", 34.5737, 31.6879, "עשן")).getString("incident");
    String far = node.report(report("building-hit", 34.5837, 31.6879, "פגיעה")).getString("incident");
    assertThat(fire).isNotEqualTo(impact);
    assertThat(far).isNotEqualTo(impact);

    JsonObject one = new JsonObject(node.get("/api/v1/incidents/" + impact, node.adminToken()).body());
    assertThat(one.getJsonObject("incident").getInteger("count")).isEqualTo(5);
    assertThat(one.getJsonObject("incident").getInteger("priority")).isEqualTo(5);
    assertThat(one.getJsonObject("incident").getJsonArray("districts")).containsExactly("barnea");
    assertThat(one.getJsonArray("reports")).hasSize(5);
  }

  @Test
  void aReportJoinsTheIncidentItsCallTakerChoseWhenItMayJoinIt() throws Exception {
    // Two water incidents about 190 m apart; a point between them, nearer the first.
    String first = node.report(report("water", 34.5450, 31.6550, "צינור התפוצץ")).getString("incident");
    String second = node.report(report("water", 34.5470, 31.6550, "מים ברחוב")).getString("incident");
    String fire = node.report(report("fire", 34.5471, 31.6550, "אש")).getString("incident");
    assertThat(first).isNotEqualTo(second);
    String between = report("water", 34.5459, 31.6550, "עוד שיחה על הצינור");

    assertThat(node.report(between).getString("incident")).as("the nearest, unasked").isEqualTo(first);
    assertThat(node.report(withIncident(between, second)).getString("incident")).as("the one chosen").isEqualTo(second);
    // A hint that cannot be taken is passed over for the usual rule, never refused.
    assertThat(node.report(withIncident(between, fire)).getString("incident")).as("another category").isEqualTo(first);
    String far = report("water", 34.5600, 31.6550, "רחוק");
    assertThat(node.report(withIncident(far, first)).getString("incident")).as("too far").isNotIn(first, second);
    assertThat(node.report(withIncident(between, "00000000-0000-4000-8000-000000000000")).getString("incident"))
        .as("no such incident").isEqualTo(first);

    var malformed = node.post("/api/v1/reports", node.token(Role.OPERATOR), withIncident(between, "second"));
    assertThat(malformed.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(malformed.body()).getJsonObject("error").getString("field")).isEqualTo("incident");
  }

  private static String withIncident(String report, String incident) {
    return new JsonObject(report).put("incident", incident).encode();
  }

  @Test
  void aPatrollerReadsTheIncidentsOfItsDistrictsOnlyByListOrById() throws Exception {
    // Barnea and Afridar, far apart.
    String barnea = node.report(report("sewage", 34.5737, 31.6879, "ביוב")).getString("incident");
    JsonObject inAfridar = node.report(report("sewage", 34.5600, 31.6600, "ביוב"));
    String afridarDistrict = inAfridar.getString("district");
    String patroller = node.token(Role.PATROLLER, afridarDistrict);

    EndToEndIT.assertError(node.get("/api/v1/incidents/" + barnea, patroller), 403, "district_forbidden");
    var own = node.get("/api/v1/incidents/" + inAfridar.getString("incident"), patroller);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(node.get("/api/v1/incidents", patroller).body()).getJsonArray("incidents").stream()
        .map(i -> ((JsonObject) i).getString("id"))).doesNotContain(barnea);
  }

  @Test
  void operatorsMergeAndSplitIncidentsAndScreensFollow() throws Exception {
    String a = node.report(report("trapped", 34.545, 31.655, "לכודים במעלית")).getString("incident");
    JsonObject r2 = node.report(report("trapped", 34.5460, 31.6555, "לכודים"));
    JsonObject r3 = node.report(report("trapped", 34.5600, 31.6600, "לכודים במקלט"));
    String b = r3.getString("incident");
    assertThat(r2.getString("incident")).isEqualTo(a);
    assertThat(b).isNotEqualTo(a);
    String operator = node.tokenFor("operator-avi", Role.OPERATOR);

    try (LiveClient screen = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      screen.next("hello", 30);
      screen.subscribe(new JsonObject(), null, null);
      JsonObject last = screen.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
      assertThat(last.getJsonArray("incidents").stream().map(i -> ((JsonObject) i).getString("id"))).contains(a, b);

      var merged = node.post("/api/v1/incidents/" + b + "/merge", operator, new JsonObject().put("into", a).encode());
      assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
      // The answer names the moved reports, so a client can undo the merge by splitting them off.
      JsonObject answer = new JsonObject(merged.body());
      assertThat(answer.getInteger("moved")).isEqualTo(1);
      assertThat(answer.getJsonArray("reports").getList()).containsExactly(r3.getString("id"));
      // The two announcements may come in either order: wait for both.
      Predicate<JsonObject> grown = m -> "incident.updated".equals(m.getString("type"))
          && a.equals(m.getJsonObject("incident").getString("id"))
          && m.getJsonObject("incident").getInteger("count") == 3;
      Predicate<JsonObject> gone = m -> "incident.closed".equals(m.getString("type"))
          && b.equals(m.getJsonObject("incident").getString("id"));
      Set<String> seen = new HashSet<>();
      while (seen.size() < 2) {
        JsonObject m = screen.next(grown.or(gone), 30);
        assertThat(m).as("incident %s grows to 3 and the merged-away %s closes; seen %s", a, b, seen).isNotNull();
        seen.add(grown.test(m) ? "grown" : "gone");
      }

      var split = node.post("/api/v1/incidents/" + a + "/split", operator,
          new JsonObject().put("reports", new JsonArray().add(r2.getString("id"))).encode());
      assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
      String c = new JsonObject(split.body()).getString("incident");
      assertThat(screen.next(m -> "incident.updated".equals(m.getString("type"))
          && c.equals(m.getJsonObject("incident").getString("id"))
          && m.getJsonObject("incident").getInteger("count") == 1, 30)).isNotNull();
      JsonObject history = new JsonObject(node.get("/api/v1/reports/" + r2.getString("id") + "/history", operator).body());
      assertThat(history.encode()).contains("moved to incident " + c).contains("operator-avi");
    }
    assertThat(node.post("/api/v1/incidents/" + a + "/merge", node.token(Role.DISPLAY), "{\"into\":\"x\"}").statusCode()).isEqualTo(403);
    assertThat(node.post("/api/v1/incidents/" + a + "/merge", operator, "{\"into\":\"" + a + "\"}").statusCode()).isEqualTo(422);
  }

  @Test
  void onlyIncidentsOfOneCategoryMergeAndASplitKeepsItsReportsCategory() throws Exception {
    String operator = node.tokenFor("operator-avi", Role.OPERATOR);
    String fire = node.report(report("fire", 34.5500, 31.6500, "שריפה")).getString("incident");
    JsonObject gas = node.report(report("gas-leak", 34.5510, 31.6510, "ריח גז"));
    String otherFire = node.report(report("fire", 34.5700, 31.6700, "שריפה")).getString("incident");

    var refused = node.post("/api/v1/incidents/" + gas.getString("incident") + "/merge", operator,
        new JsonObject().put("into", fire).encode());
    EndToEndIT.assertError(refused, 422, "category_mismatch");
    assertThat(new JsonObject(node.get("/api/v1/reports/" + gas.getString("id"), operator).body()).getString("incident"))
        .isEqualTo(gas.getString("incident"));

    assertThat(node.post("/api/v1/incidents/" + otherFire + "/merge", operator,
        new JsonObject().put("into", fire).encode()).statusCode()).isEqualTo(200);
    JsonObject merged = new JsonObject(node.get("/api/v1/incidents/" + fire, operator).body());
    String moved = merged.getJsonArray("reports").getJsonObject(0).getString("id");
    var split = node.post("/api/v1/incidents/" + fire + "/split", operator,
        new JsonObject().put("reports", new JsonArray().add(moved)).encode());
    assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
    JsonObject apart = new JsonObject(node.get("/api/v1/incidents/" + new JsonObject(split.body()).getString("incident"), operator).body());
    assertThat(apart.getJsonObject("incident").getString("category")).isEqualTo("fire");
  }

  @Test
  void aMergeOrSplitTheStoreCannotFinishAnswers503AndMovesNoReport(@TempDir Path own) throws Exception {
    try (RunningNode n = RunningNode.start(own, TestClusters.random(), Map.of(), "store:\n  timeoutMillis: 1500\n")) {
      String operator = n.tokenFor("operator-avi", Role.OPERATOR);
      String into = n.report(report("hazard", 34.5450, 31.6550, "a")).getString("incident");
      JsonObject older = n.report(report("hazard", 34.5600, 31.6600, "b1"));
      JsonObject newer = n.report(report("hazard", 34.5601, 31.6601, "b2"));
      String from = older.getString("incident");
      assertThat(newer.getString("incident")).isEqualTo(from);
      String url = TestPostgres.databaseFor(own);
      String merge = "/api/v1/incidents/" + from + "/merge";
      String mergeBody = new JsonObject().put("into", into).encode();
      String split = "/api/v1/incidents/" + from + "/split";
      String splitBody = new JsonObject()
          .put("reports", new JsonArray().add(older.getString("id")).add(newer.getString("id"))).encode();
      for (String[] change : List.of(new String[] {merge, mergeBody}, new String[] {split, splitBody})) {
        try (Connection other = DriverManager.getConnection(url)) {
          // Another transaction holds the older report: the move (newest first) changes the newer
          // one, then waits for the older one past its deadline.
          other.setAutoCommit(false);
          try (Statement s = other.createStatement()) {
            s.execute("SELECT id FROM report WHERE id = '" + older.getString("id") + "' FOR UPDATE");
          }
          var answer = n.post(change[0], operator, change[1]);
          EndToEndIT.assertError(answer, 503, "unavailable");
          other.rollback();
        }
        // Let go, the move's transaction ends past its deadline: rolled back, never committed.
        TestPostgres.awaitIdle(url, Duration.ofSeconds(30));
        for (JsonObject r : List.of(older, newer)) {
          JsonObject now = new JsonObject(n.get("/api/v1/reports/" + r.getString("id"), operator).body());
          assertThat(now.getString("incident")).as("report %s after %s", r.getString("id"), change[0]).isEqualTo(from);
          assertThat(now.getInteger("version")).isEqualTo(1);
        }
      }
      var again = n.post(merge, operator, mergeBody);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      assertThat(new JsonObject(again.body()).getInteger("moved")).isEqualTo(2);
    }
  }

  @Test
  void anOverdueReportIsEscalatedOnceAndOneWithinItsTimeIsNot() throws Exception {
    try (LiveClient screen = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      screen.next("hello", 30);
      // Priority 5 has 0 minutes here: overdue at once. Priority 4 (a shelter) has an hour.
      String overdue = node.report(report("injury", 34.5712, 31.6688, "פצוע")).getString("id");
      String inTime = node.report(report("shelter", 34.5713, 31.6689, "מקלט נעול")).getString("id");

      JsonObject escalated =
          screen.next(m -> "report.escalated".equals(m.getString("type"))
              && overdue.equals(m.getJsonObject("report").getString("id")), 30);
      assertThat(escalated).isNotNull();
      assertThat(escalated.getJsonObject("escalation").getInteger("limitMinutes")).isZero();
      assertThat(escalated.getJsonObject("escalation").getString("mode")).isEqualTo("routine");
      assertThat(escalated.encode()).doesNotContain("\"reporter\"");
      // Several checks later: no second escalation of it, none of the one within its time.
      JsonObject again =
          screen.next(m -> "report.escalated".equals(m.getString("type"))
              && List.of(overdue, inTime).contains(m.getJsonObject("report").getString("id")), 4);
      assertThat(again).isNull();
    }
  }
}
