package org.hamal.gateway.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.ApiErrors.assertError;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.hamal.geo.alerts.AlertArea;
import org.hamal.geo.alerts.AlertAreas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.geom.Point;

/**
 * What an alert does to dispatch (docs/alerts.md): a report arriving in an alerted area is marked
 * and raised, its response time starts at the all-clear, assigning someone into the area needs a
 * confirmation, and the alert switches the city to emergency mode through the mode machine.
 */
class AlertDispatchIT {

  @RegisterExtension
  static final RunningNode node =
      RunningNode.extension()
          .withEnv(RunningNode.NO_TILES)
          .withConfig("""
            mode:
              enterAfterSeconds: 1
              alertAreas: 1
            sla:
              routineMinutes: {5: 0, 4: 0, 3: 0, 2: 0, 1: 0}
              emergencyMinutes: {5: 0, 4: 0, 3: 0, 2: 0, 1: 0}
              checkSeconds: 1
            """);

  @Test
  void anAlertPausesDispatchIntoItsAreaAndStartsTheClockAtTheAllClear() throws Exception {
    AlertAreas areas = node.services().alertAreas().current();
    double[] south = onlyIn(areas, "ashkelon-south");
    double[] north = onlyIn(areas, "ashkelon-north");
    try (LiveClient screen = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      screen.next("hello", 30);
      HttpResponse<String> created = node.post("/api/v1/alerts", node.tokenFor("oref-relay", Role.ALERTS),
          "{\"sourceId\":\"oref-dispatch-1\",\"areas\":[\"ashkelon-south\"]}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String alertId = new JsonObject(created.body()).getString("id");

      // The alert is a trigger of emergency mode, through the mode machine.
      JsonObject mode = screen.next(m -> "mode".equals(m.getString("type")) && "emergency".equals(m.getString("mode")), 30);
      assertThat(mode).as("emergency mode by the alert").isNotNull();
      assertThat(mode.getString("trigger")).isEqualTo("alerts");
      assertThat(mode.getString("actor")).isEqualTo("system");

      JsonObject sheltered = node.report(hazard(south));
      JsonObject outside = node.report(hazard(north));
      assertThat(sheltered.getJsonObject("alert"))
          .isEqualTo(new JsonObject().put("id", alertId).put("threat", "rockets"));
      assertThat(outside.containsKey("alert")).isFalse();
      assertThat(sheltered.getInteger("priority")).isEqualTo(Math.min(5, outside.getInteger("priority") + 1));
      JsonObject read = new JsonObject(node.get("/api/v1/reports/" + sheltered.getString("id"), node.adminToken()).body());
      assertThat(read.getJsonObject("alert").getString("id")).as("stored with the report").isEqualTo(alertId);

      // A report outside the alert is overdue at once (0 minutes here); the sheltered one is not.
      String outsideId = outside.getString("id");
      String shelteredId = sheltered.getString("id");
      // Both are in the sweep that finds the one outside overdue: that sweep must pass the other by.
      JsonObject first = screen.next(escalationOf(outsideId).or(escalationOf(shelteredId)), 30);
      assertThat(first).as("the clock runs outside the alert").isNotNull();
      assertThat(first.getJsonObject("report").getString("id")).as("no clock while people shelter").isEqualTo(outsideId);
      assertThat(screen.next(escalationOf(shelteredId), 3)).as("nor in the sweeps after").isNull();

      // Sending someone into the alerted area needs a confirmation.
      String operator = node.tokenFor("operator-dana", Role.OPERATOR);
      String path = "/api/v1/reports/" + shelteredId;
      HttpResponse<String> refused = node.patch(path, operator, "{\"assignee\":\"patrol-9\"}", Map.of());
      assertError(refused, 409, "area_alerted", "assignee");
      assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("message")).contains(alertId);
      HttpResponse<String> confirmed =
          node.patch(path, operator, "{\"assignee\":\"patrol-9\",\"duringAlert\":true}", Map.of());
      assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
      assertThat(new JsonObject(confirmed.body()).getString("assignee")).isEqualTo("patrol-9");
      // A patroller taking a report themselves decides for themselves; outside the area no one asks.
      JsonObject another = node.report(hazard(south));
      String patroller = node.patrollerToken("patrol-3", another.getString("district"));
      HttpResponse<String> self = node.patch("/api/v1/reports/" + another.getString("id"), patroller,
          "{\"assignee\":\"patrol-3\"}", Map.of());
      assertThat(self.statusCode()).as(self.body()).isEqualTo(200);
      HttpResponse<String> elsewhere = node.patch("/api/v1/reports/" + outsideId, operator,
          "{\"assignee\":\"patrol-9\"}", Map.of());
      assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(200);

      // The all-clear starts the sheltered report's clock: overdue from that moment.
      HttpResponse<String> cleared = node.post("/api/v1/alerts/" + alertId + "/clear", node.adminToken(), "{}");
      assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
      String clearedAt = new JsonObject(cleared.body()).getString("clearedAt");
      JsonObject escalated = screen.next(escalationOf(shelteredId), 30);
      assertThat(escalated).as("overdue after the all-clear").isNotNull();
      assertThat(escalated.getJsonObject("escalation").getString("dueAt")).isEqualTo(clearedAt);
      // With the alert over, assigning into the area is no longer questioned.
      HttpResponse<String> after = node.patch("/api/v1/reports/" + another.getString("id"), operator,
          "{\"assignee\":\"patrol-9\"}", Map.of());
      assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }
  }

  private static java.util.function.Predicate<JsonObject> escalationOf(String id) {
    return m -> "report.escalated".equals(m.getString("type")) && id.equals(m.getJsonObject("report").getString("id"));
  }

  private static String hazard(double[] at) {
    return new JsonObject()
        .put("category", "hazard")
        .put("description", "ענף גדול על המדרכה")
        .put("location", new JsonObject().put("lon", at[0]).put("lat", at[1]))
        .encode();
  }

  /** A point of the city in this area and no other. */
  private static double[] onlyIn(AlertAreas areas, String id) {
    AlertArea area = areas.find(id).orElseThrow();
    Point p = area.geometry().getInteriorPoint();
    assertThat(areas.covering(p.getX(), p.getY())).extracting(AlertArea::id).isEqualTo(List.of(id));
    return new double[] {p.getX(), p.getY()};
  }
}
