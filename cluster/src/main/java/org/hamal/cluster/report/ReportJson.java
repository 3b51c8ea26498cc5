package org.hamal.cluster.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The report's JSON form, used on the API, in the cluster map and in its change log. Times are
 * ISO-8601 with the city's zone offset, e.g. {@code 2026-11-24T21:10:26.125+02:00}.
 */
public final class ReportJson {

  /** Always with milliseconds and offset, so clients parse one shape. */
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private static final JsonFactory STREAMING = new JsonFactory();

  private final ZoneId zone;

  public ReportJson(ZoneId zone) {
    this.zone = zone;
  }

  public JsonObject toJson(Report r) {
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
    if (r.alert() != null) {
      json.put("alert", new JsonObject().put("id", r.alert().id()).put("threat", r.alert().threat()));
    }
    if (r.reporter() != null) {
      JsonObject reporter = new JsonObject().put("name", r.reporter().name()).put("phone", r.reporter().phone());
      if (r.reporter().callback() != null) {
        reporter.put("callback", r.reporter().callback()); // only when a call-taker asked
      }
      if (r.reporter().email() != null) {
        reporter.put("email", r.reporter().email()); // only when the channel had one
      }
      json.put("reporter", reporter);
    }
    return json;
  }

  public Report fromJson(JsonObject json) {
    JsonObject location = json.getJsonObject("location");
    JsonObject routing = json.getJsonObject("routing");
    JsonObject reporter = json.getJsonObject("reporter");
    JsonObject alert = json.getJsonObject("alert");
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
            : new Report.Reporter(reporter.getString("name"), reporter.getString("phone"), reporter.getBoolean("callback"),
                reporter.getString("email")),
        json.getString("channel"),
        OffsetDateTime.parse(json.getString("receivedAt")).toInstant(),
        OffsetDateTime.parse(json.getString("updatedAt")).toInstant(),
        json.getInteger("version"),
        json.getBoolean("deferred", false),
        json.getString("incident"),
        alert == null ? null : new Report.AlertMark(alert.getString("id"), alert.getString("threat")));
  }

  /** The same report without personal data, for roles that must not see it. */
  public static JsonObject withoutPersonalData(JsonObject report) {
    JsonObject copy = report.copy();
    copy.remove("reporter");
    return copy;
  }

  /**
   * {@link #withoutPersonalData(JsonObject)} of a report's encoded JSON, encoded: the
   * {@code reporter} field is cut out where it stands, nothing is decoded. Displays get every
   * report of their snapshots and streams this way, thousands at a time when a room reconnects.
   */
  public static String withoutPersonalData(String report) {
    try (JsonParser p = STREAMING.createParser(report)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a report is a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        int from = (int) p.currentTokenLocation().getCharOffset();
        if (p.nextToken().isStructStart()) {
          p.skipChildren();
        }
        if ("reporter".equals(field)) {
          // The field runs to the next field's name (its comma with it) or, when it is the last,
          // from the comma before it to the closing brace.
          JsonToken next = p.nextToken();
          int to = (int) p.currentTokenLocation().getCharOffset();
          if (next == JsonToken.END_OBJECT) {
            int before = from - 1;
            while (before > 0 && Character.isWhitespace(report.charAt(before))) {
              before--;
            }
            if (report.charAt(before) == ',') {
              from = before;
            }
          }
          return report.substring(0, from) + report.substring(to);
        }
      }
      return report;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a report's JSON", e);
    }
  }

  /** A report's id and version. */
  public record IdVersion(String id, int version) {}

  /**
   * The id and version of a report's encoded JSON, read without decoding the rest: a snapshot
   * needs them for every report it holds, and its reports are passed on as they are.
   */
  public static IdVersion idAndVersion(String report) {
    String id = null;
    Integer version = null;
    try (JsonParser p = STREAMING.createParser(report)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a report is a JSON object");
      }
      while ((id == null || version == null) && p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("id".equals(field)) {
          id = p.getText();
        } else if ("version".equals(field)) {
          version = p.getIntValue();
        } else if (value.isStructStart()) {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a report's JSON", e);
    }
    if (id == null || version == null) {
      throw new IllegalArgumentException("a report's JSON without its id or version");
    }
    return new IdVersion(id, version);
  }

  public String format(Instant instant) {
    return ISO.format(OffsetDateTime.ofInstant(instant, zone));
  }
}
