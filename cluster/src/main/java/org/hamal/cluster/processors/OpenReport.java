package org.hamal.cluster.processors;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * An open report as the cluster's map holds it: its API JSON, encoded once for the screens, beside
 * the fields the cluster's queries and sweeps read (live filters, response-time checks, incident
 * recounts). Hazelcast reads a Compact field where it lies, so a sweep over every open report
 * decodes none of them; as JSON, each sweep parsed every report (a third of a node's CPU in a
 * surge that left 200,000 open: BENCHMARKS.md).
 *
 * @param receivedAt epoch milliseconds
 * @param incident the incident's id, or null
 * @param alertId the id of the alert the report arrived under, or null
 */
public record OpenReport(
    String id,
    String json,
    int version,
    String district,
    String category,
    String status,
    int priority,
    boolean deferred,
    double lon,
    double lat,
    long receivedAt,
    String incident,
    String alertId) {

  /** @param report the report's API JSON, {@code json} its encoding */
  public static OpenReport of(JsonObject report, String json) {
    JsonObject location = report.getJsonObject("location");
    JsonObject alert = report.getJsonObject("alert");
    String received = report.getString("receivedAt");
    return new OpenReport(
        report.getString("id"),
        json,
        report.getInteger("version", 1),
        report.getString("district"),
        report.getString("category"),
        report.getString("status"),
        report.getInteger("priority", 1),
        report.getBoolean("deferred", false),
        location == null ? 0 : location.getDouble("lon", 0.0),
        location == null ? 0 : location.getDouble("lat", 0.0),
        received == null ? 0 : OffsetDateTime.parse(received).toInstant().toEpochMilli(),
        report.getString("incident"),
        alert == null ? null : alert.getString("id"));
  }

  static OpenReport of(String json) {
    return of(new JsonObject(json), json);
  }

  static final class Serializer implements CompactSerializer<OpenReport> {
    @Override
    public OpenReport read(CompactReader in) {
      return new OpenReport(in.readString("id"), in.readString("json"), in.readInt32("version"),
          in.readString("district"), in.readString("category"), in.readString("status"), in.readInt32("priority"),
          in.readBoolean("deferred"), in.readFloat64("lon"), in.readFloat64("lat"), in.readInt64("receivedAt"),
          in.readString("incident"), in.readString("alertId"));
    }

    @Override
    public void write(CompactWriter out, OpenReport r) {
      out.writeString("id", r.id);
      out.writeString("json", r.json);
      out.writeInt32("version", r.version);
      out.writeString("district", r.district);
      out.writeString("category", r.category);
      out.writeString("status", r.status);
      out.writeInt32("priority", r.priority);
      out.writeBoolean("deferred", r.deferred);
      out.writeFloat64("lon", r.lon);
      out.writeFloat64("lat", r.lat);
      out.writeInt64("receivedAt", r.receivedAt);
      out.writeString("incident", r.incident);
      out.writeString("alertId", r.alertId);
    }

    @Override
    public String getTypeName() {
      return "hamal.OpenReport";
    }

    @Override
    public Class<OpenReport> getCompactClass() {
      return OpenReport.class;
    }
  }
}
