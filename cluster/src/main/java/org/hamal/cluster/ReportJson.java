package org.hamal.cluster;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The report's JSON form, used on the API, on the event bus and in the cluster map. Times are
 * ISO-8601 with the city's zone offset, e.g. {@code 2026-11-24T21:10:26.125+02:00}.
 */
public final class ReportJson {

  /** Always with milliseconds and offset, so clients parse one shape. */
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private final ZoneId zone;

  public ReportJson(ZoneId zone) {
    this.zone = zone;
  }

  public JsonObject toJson(Report r) {
    // The fields the cluster's queries and sweeps read come first: the open-reports map holds
    // this JSON without query metadata, so Hazelcast finds an attribute by scanning from the
    // start, and the description, routing and reporter need not be scanned for a status.
    JsonObject json =
        new JsonObject()
            .put("id", r.id())
            .put("district", r.district())
            .put("category", r.category())
            .put("priority", r.priority())
            .put("status", r.status().wire())
            .put("deferred", r.deferred())
            .put("incident", r.incident())
            .put("location", new JsonObject().put("lon", r.lon()).put("lat", r.lat()))
            .put("receivedAt", format(r.receivedAt()))
            .put("updatedAt", format(r.updatedAt()))
            .put("version", r.version())
            .put("assignee", r.assignee())
            .put("channel", r.channel())
            .put("description", r.description())
            .put(
                "routing",
                new JsonObject()
                    .put("layerVersion", r.routing().layerVersion())
                    .put("snapped", r.routing().snapped())
                    .put("distanceM", r.routing().distanceMeters()));
    if (r.reporter() != null) {
      json.put(
          "reporter",
          new JsonObject().put("name", r.reporter().name()).put("phone", r.reporter().phone()));
    }
    return json;
  }

  public Report fromJson(JsonObject json) {
    JsonObject location = json.getJsonObject("location");
    JsonObject routing = json.getJsonObject("routing");
    JsonObject reporter = json.getJsonObject("reporter");
    return new Report(
        json.getString("id"),
        json.getString("district"),
        new Report.Routing(
            routing.getString("layerVersion"),
            routing.getBoolean("snapped"),
            routing.getDouble("distanceM")),
        json.getString("category"),
        json.getInteger("priority"),
        ReportStatus.fromWire(json.getString("status")).orElseThrow(),
        json.getString("assignee"),
        json.getString("description"),
        location.getDouble("lon"),
        location.getDouble("lat"),
        reporter == null
            ? null
            : new Report.Reporter(reporter.getString("name"), reporter.getString("phone")),
        json.getString("channel"),
        OffsetDateTime.parse(json.getString("receivedAt")).toInstant(),
        OffsetDateTime.parse(json.getString("updatedAt")).toInstant(),
        json.getInteger("version"),
        json.getBoolean("deferred", false),
        json.getString("incident"));
  }

  /** The same report without personal data, for roles that must not see it. */
  public static JsonObject withoutPersonalData(JsonObject report) {
    JsonObject copy = report.copy();
    copy.remove("reporter");
    return copy;
  }

  public String format(Instant instant) {
    return ISO.format(OffsetDateTime.ofInstant(instant, zone));
  }
}
