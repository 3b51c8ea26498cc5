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
  final boolean deferred;
  /** Whether the report was deferred before this change (releasing it after an emergency). */
  final boolean previousDeferred;
  final int priority;
  final int version;
  final double lon;
  final double lat;

  private volatile ByteBuf full;
  private volatile ByteBuf redacted;
  private volatile ByteBuf removed;

  private LiveEvent(
      long seq, ReportEvents.Kind kind, JsonObject report, String previousStatus, Boolean previousDeferred) {
    this.seq = seq;
    this.kind = kind;
    this.report = report;
    this.id = report.getString("id");
    this.district = report.getString("district");
    this.category = report.getString("category");
    this.status = report.getString("status");
    this.priority = report.getInteger("priority", 1);
    this.version = report.getInteger("version", 1);
    JsonObject location = report.getJsonObject("location");
    this.lon = location.getDouble("lon");
    this.lat = location.getDouble("lat");
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
        json.getJsonObject("report"),
        previous == null ? null : previous.getString("status"),
        previous == null ? null : previous.getBoolean("deferred"));
  }

  boolean isOpen() {
    return ReportStatus.fromWire(status).map(ReportStatus::isOpen).orElse(false);
  }

  /** {@code report.created|updated|closed} with the report, with or without personal data. */
  ByteBuf frame(boolean personal) {
    if (personal) {
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

  /** The report as a client may see it, for coalesced batches. */
  JsonObject reportFor(boolean personal) {
    return personal ? report : ReportJson.withoutPersonalData(report);
  }

  private String envelope(JsonObject body) {
    return new JsonObject()
        .put("type", "report." + kind.wire())
        .put("seq", seq)
        .put("report", body)
        .encode();
  }
}
