package org.hamal.surge.scenario;

import io.vertx.core.json.JsonObject;

/**
 * One report a simulated resident, gateway or patroller sends: the body of a {@code POST
 * /api/v1/reports}. {@code event} tags the reports of one barrage impact (not sent).
 */
public record ReportSpec(
    String category,
    String description,
    double lon,
    double lat,
    String channel,
    String reporterName,
    String reporterPhone,
    String event) {

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("category", category)
            .put("description", description)
            .put("location", new JsonObject().put("lon", lon).put("lat", lat))
            .put("channel", channel);
    if (reporterName != null) {
      json.put("reporter", new JsonObject().put("name", reporterName).put("phone", reporterPhone));
    }
    return json;
  }
}
