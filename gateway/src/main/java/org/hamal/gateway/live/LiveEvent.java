package org.hamal.gateway.live;

import io.netty.buffer.ByteBuf;
import io.vertx.core.json.JsonObject;
import org.hamal.cluster.ReportEvents;
import org.hamal.cluster.ReportJson;
import org.hamal.cluster.ReportStatus;

/**
 * One event of the cluster's change log as this node streams it: decoded once, the fields
 * filters look at extracted once, and each frame encoded at most once per node (lazily, as the
 * first client that needs it asks).
 */
final class LiveEvent {

  final long seq;
  final ReportEvents.Kind kind;
  final JsonObject report;
  final String id;
  final String district;
  final String category;
  final String status;
  final String previousStatus;
  /** For an incident: every district it spans. */
  final java.util.List<String> districts;
  /** For an escalation: its priority, due time and how overdue. */
  final JsonObject escalation;
  final boolean deferred;
  /** Whether the report was deferred before this change (releasing it after an emergency). */
  final boolean previousDeferred;
  final int priority;
  final int version;
  final double lon;
  final double lat;
  /**
   * A benchmark's event (POST /bench/fanout): delivered like any other, but it moves no client's
   * position in the log, so that real events after it still flow and resume tokens stay valid.
   */
  final boolean synthetic;

  private volatile ByteBuf full;
  private volatile ByteBuf redacted;
  private volatile ByteBuf removed;
  private volatile ByteBuf fullJson;
  private volatile ByteBuf redactedJson;

  private LiveEvent(
      long seq,
      ReportEvents.Kind kind,
      JsonObject report,
      String previousStatus,
      Boolean previousDeferred,
      JsonObject escalation,
      boolean synthetic) {
    this.seq = seq;
    this.synthetic = synthetic;
    this.escalation = escalation;
    this.kind = kind;
    this.report = report;
    this.id = report.getString("id");
    this.category = report.getString("category");
    this.status = report.getString("status");
    this.priority = report.getInteger("priority", 1);
    this.version = report.getInteger("version", 1);
    boolean incident = kind == ReportEvents.Kind.INCIDENT;
    JsonObject location = report.getJsonObject(incident ? "centroid" : "location");
    this.lon = location.getDouble("lon");
    this.lat = location.getDouble("lat");
    if (incident) {
      this.districts = report.getJsonArray("districts").stream().map(String::valueOf).toList();
      this.district = districts.isEmpty() ? null : districts.get(0);
    } else {
      this.district = report.getString("district");
      this.districts = java.util.List.of(district);
    }
    this.previousStatus = previousStatus;
    this.deferred = report.getBoolean("deferred", false);
    this.previousDeferred = previousDeferred != null ? previousDeferred : deferred;
  }

  /** Decodes an entry of the change log. */
  static LiveEvent decode(long seq, String entry) {
    JsonObject json = new JsonObject(entry);
    ReportEvents.Kind kind = ReportEvents.Kind.valueOf(json.getString("kind").toUpperCase(java.util.Locale.ROOT));
    JsonObject previous = json.getJsonObject("previous");
    return new LiveEvent(
        seq,
        kind,
        kind == ReportEvents.Kind.INCIDENT ? json.getJsonObject("incident") : json.getJsonObject("report"),
        previous == null ? null : previous.getString("status"),
        previous == null ? null : previous.getBoolean("deferred"),
        json.getJsonObject("escalation"),
        false);
  }

  /** A benchmark's {@code report.created}, as of the log's position {@code seq}; never stored. */
  static LiveEvent synthetic(long seq, JsonObject report) {
    return new LiveEvent(seq, ReportEvents.Kind.CREATED, report, null, null, null, true);
  }

  boolean isOpen() {
    return ReportStatus.fromWire(status).map(ReportStatus::isOpen).orElse(false);
  }

  boolean isIncident() {
    return kind == ReportEvents.Kind.INCIDENT;
  }

  /** A change of a report itself (not an incident, not an escalation about it). */
  boolean isReportChange() {
    return kind == ReportEvents.Kind.CREATED || kind == ReportEvents.Kind.UPDATED || kind == ReportEvents.Kind.CLOSED;
  }

  /** {@code report.created|updated|closed} with the report, with or without personal data. */
  ByteBuf frame(boolean personal) {
    if (personal || isIncident()) {
      ByteBuf f = full;
      if (f == null) {
        full = f = Frames.encode(envelope(report));
      }
      return f;
    }
    ByteBuf f = redacted;
    if (f == null) {
      redacted = f = Frames.encode(envelope(ReportJson.withoutPersonalData(report)));
    }
    return f;
  }

  /** {@code report.removed}: the report no longer matches a client's filter. */
  ByteBuf removedFrame() {
    ByteBuf f = removed;
    if (f == null) {
      removed =
          f =
              Frames.encode(
                  new JsonObject()
                      .put("type", "report.removed")
                      .put("seq", seq)
                      .put("id", id)
                      .put("district", district)
                      .put("version", version)
                      .encode());
    }
    return f;
  }

  /** The report (or incident) as a client may see it, encoded once per node, for coalesced batches. */
  ByteBuf json(boolean personal) {
    if (personal || isIncident()) {
      ByteBuf j = fullJson;
      if (j == null) {
        fullJson = j = Frames.encode(report.encode());
      }
      return j;
    }
    ByteBuf j = redactedJson;
    if (j == null) {
      redactedJson = j = Frames.encode(ReportJson.withoutPersonalData(report).encode());
    }
    return j;
  }

  private String envelope(JsonObject body) {
    if (isIncident()) {
      return new JsonObject()
          .put("type", "closed".equals(status) ? "incident.closed" : "incident.updated")
          .put("seq", seq)
          .put("incident", body)
          .encode();
    }
    JsonObject message = new JsonObject().put("type", "report." + kind.wire()).put("seq", seq).put("report", body);
    if (escalation != null) {
      message.put("escalation", escalation);
    }
    return message.encode();
  }
}
