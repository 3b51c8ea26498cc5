package org.hamal.gateway.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.hamal.cluster.alerts.Alert;
import org.hamal.cluster.report.ReportJson;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.patrollers.PatrollerFeed;

/** An alert as the API answers, lists and streams it (docs/alerts.md): the city's times. */
public final class AlertJson {

  private AlertJson() {}

  public static JsonObject of(Alert a, ReportJson json) {
    JsonArray areas = new JsonArray();
    a.areas().forEach(x -> areas.add(new JsonObject()
        .put("id", x.id()).put("name_he", x.nameHe()).put("name_en", x.nameEn()).put("shelterSeconds", x.shelterSeconds())));
    JsonArray patrollers = new JsonArray();
    a.patrollers().forEach(p -> patrollers.add(new JsonObject()
        .put("id", p.id())
        .put("districts", new JsonArray(p.districts()))
        .put("safeAt", time(p.safeAt(), json))));
    return new JsonObject()
        .put("id", a.id())
        .put("sourceId", a.sourceId())
        .put("threat", a.threat())
        .put("status", a.status())
        .put("areas", areas)
        .put("districts", new JsonArray(a.districts()))
        .put("startedAt", time(a.startedAt(), json))
        .put("endsAt", time(a.endsAt(), json))
        .put("clearedAt", time(a.clearedAt(), json))
        .put("clearedBy", a.clearedBy())
        .put("createdBy", a.createdBy())
        .put("patrollers", patrollers);
  }

  /**
   * The alert as {@code caller} may see it. Who is where — the patrollers concerned — only for
   * the roles that may read the patrollers on duty; a patroller sees its own entry, no other.
   */
  public static JsonObject of(Alert a, ReportJson json, Caller caller) {
    JsonObject full = of(a, json);
    return PatrollerFeed.mayRead(caller) ? full : withPatrollers(full, caller.subject());
  }

  /** The same alert JSON with only the entry of {@code patroller} (none for null). */
  public static JsonObject withPatrollers(JsonObject alert, String patroller) {
    JsonArray own = new JsonArray();
    for (Object p : alert.getJsonArray("patrollers")) {
      if (patroller != null && patroller.equals(((JsonObject) p).getString("id"))) {
        own.add(p);
      }
    }
    return alert.copy().put("patrollers", own);
  }

  public static JsonArray list(List<Alert> alerts, ReportJson json, Caller caller) {
    JsonArray out = new JsonArray();
    alerts.forEach(a -> out.add(of(a, json, caller)));
    return out;
  }

  /** The {@code alerts} message a live client gets on connecting: the active alerts. */
  public static JsonObject activeMessage(List<Alert> active, ReportJson json, Caller caller) {
    return new JsonObject().put("type", "alerts").put("alerts", list(active, json, caller));
  }

  /** The {@code alert} message of a change, with the alert as {@link #of} renders it. */
  public static JsonObject changeMessage(JsonObject alert) {
    return new JsonObject().put("type", "alert").put("alert", alert);
  }

  private static String time(Long epochMillis, ReportJson json) {
    return epochMillis == null ? null : json.format(Instant.ofEpochMilli(epochMillis));
  }
}
