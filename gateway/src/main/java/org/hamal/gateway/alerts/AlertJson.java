package org.hamal.gateway.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.hamal.cluster.alerts.Alert;
import org.hamal.cluster.report.ReportJson;

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

  public static JsonArray list(List<Alert> alerts, ReportJson json) {
    JsonArray out = new JsonArray();
    alerts.forEach(a -> out.add(of(a, json)));
    return out;
  }

  /** The {@code alerts} message a live client gets on connecting: the active alerts. */
  public static JsonObject activeMessage(List<Alert> active, ReportJson json) {
    return new JsonObject().put("type", "alerts").put("alerts", list(active, json));
  }

  /** The {@code alert} message of every change. */
  public static JsonObject changeMessage(Alert alert, ReportJson json) {
    return new JsonObject().put("type", "alert").put("alert", of(alert, json));
  }

  private static String time(Long epochMillis, ReportJson json) {
    return epochMillis == null ? null : json.format(Instant.ofEpochMilli(epochMillis));
  }
}
