package org.hamal.gateway.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.report.ReportStatus;

/**
 * One event of the cluster's change log as this node streams it: read once, in one streaming
 * pass that extracts the fields filters look at and keeps the report's (or incident's) JSON as
 * the log holds it; each frame is that JSON spliced into its envelope, at most once per node
 * (lazily, as the first client that needs it asks). Nothing is decoded into maps: at thousands
 * of events a second that was a tenth of a node's CPU, and the hub's window held every event's
 * map.
 */
final class LiveEvent {

  private static final JsonFactory JSON = new JsonFactory();
  /** The fields of a report or incident that hold objects or arrays. */
  private static final java.util.Set<String> STRUCTURED = java.util.Set.of("location", "centroid", "districts");

  final long seq;
  /**
   * The tag of the append that wrote it ({@link ReportEvents}): with {@link #seq}, names this entry
   * in every copy of the log. Null for a benchmark's event or an entry written without one.
   */
  final String tag;
  final ReportEvents.Kind kind;
  /** The report (or incident) as the log holds it: encoded JSON. */
  private final String body;
  final String id;
  final String district;
  final String category;
  final String status;
  final String previousStatus;
  /** For an incident: every district it spans. */
  final List<String> districts;
  /** For an escalation: its priority, due time and how overdue (encoded JSON), else null. */
  private final String escalation;
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
  /** For a report: the incident it belongs to, or null. */
  final String incident;

  private volatile ByteBuf full;
  private volatile ByteBuf redacted;
  private volatile ByteBuf removed;
  private volatile ByteBuf fullJson;
  private volatile ByteBuf redactedJson;

  private LiveEvent(long seq, String tag, ReportEvents.Kind kind, Body b, String previousStatus,
      Boolean previousDeferred, String escalation, boolean synthetic) {
    this.seq = seq;
    this.tag = tag;
    this.kind = kind;
    this.body = b.json;
    this.id = b.id;
    this.category = b.category;
    this.status = b.status;
    this.priority = b.priority;
    this.version = b.version;
    this.lon = b.lon;
    this.lat = b.lat;
    if (kind == ReportEvents.Kind.INCIDENT) {
      this.districts = b.districts == null ? List.of() : b.districts;
      this.district = districts.isEmpty() ? null : districts.get(0);
    } else {
      this.district = b.district;
      this.districts = district == null ? List.of() : List.of(district);
    }
    this.previousStatus = previousStatus;
    this.escalation = escalation;
    this.deferred = b.deferred;
    this.previousDeferred = previousDeferred != null ? previousDeferred : deferred;
    this.synthetic = synthetic;
    this.incident = kind == ReportEvents.Kind.INCIDENT ? null : b.incident;
  }

  /** Decodes an entry of the change log. */
  static LiveEvent decode(long seq, String entry) {
    return read(seq, entry, false);
  }

  /**
   * A benchmark's {@code report.created}, as of the log's position {@code seq}; never stored. It
   * has a tag of a real one's length, so that its frames are the size of real ones.
   */
  static LiveEvent synthetic(long seq, JsonObject report) {
    return read(seq, "{\"tag\":\"" + SYNTHETIC_TAG + "\",\"kind\":\"created\",\"report\":" + report.encode() + "}", true);
  }

  private static final String SYNTHETIC_TAG = "synthetic000";

  private static LiveEvent read(long seq, String entry, boolean synthetic) {
    String kind = null;
    String tag = null;
    Body body = null;
    String previousStatus = null;
    Boolean previousDeferred = null;
    String escalation = null;
    try (JsonParser p = JSON.createParser(entry)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a log entry is a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "kind" -> {
            if (value.isStructStart()) {
              p.skipChildren();
            } else {
              kind = p.getText();
            }
          }
          case ReportEvents.TAG -> {
            if (value.isStructStart()) {
              p.skipChildren();
            } else {
              tag = wellFormedTag(p.getText());
            }
          }
          case "report", "incident" -> body = Body.read(p, entry);
          case "previous" -> {
            if (value == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if (v.isStructStart()) {
                  p.skipChildren();
                } else if ("status".equals(f)) {
                  previousStatus = text(p, v);
                } else if ("deferred".equals(f) && v.isBoolean()) {
                  previousDeferred = p.getBooleanValue();
                }
              }
            } else if (value.isStructStart()) {
              p.skipChildren();
            }
          }
          case "escalation" -> {
            if (value == JsonToken.START_OBJECT) {
              escalation = raw(p, entry);
            } else if (value.isStructStart()) {
              p.skipChildren();
            }
          }
          default -> {
            if (value.isStructStart()) {
              p.skipChildren();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a log entry: " + e.getMessage(), e);
    }
    if (kind == null || body == null) {
      throw new IllegalArgumentException("a log entry without its kind or report");
    }
    ReportEvents.Kind k = ReportEvents.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    return new LiveEvent(seq, tag, k, body, previousStatus, previousDeferred, escalation, synthetic);
  }

  /** The object the parser is at the start of, as it is written in {@code text}. */
  private static String raw(JsonParser p, String text) throws IOException {
    int from = (int) p.currentTokenLocation().getCharOffset();
    p.skipChildren();
    return text.substring(from, (int) p.currentTokenLocation().getCharOffset() + 1);
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_NULL ? null : p.getText();
  }

  /** The fields of a report or an incident that filters read, and its JSON. */
  private static final class Body {
    String json;
    String id;
    String district;
    List<String> districts;
    String category;
    String status;
    String incident;
    int priority = 1;
    int version = 1;
    boolean deferred;
    double lon = Double.NaN;
    double lat = Double.NaN;

    /** Reads the object the parser is at the start of. */
    static Body read(JsonParser p, String text) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a report is a JSON object");
      }
      Body b = new Body();
      int from = (int) p.currentTokenLocation().getCharOffset();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value.isStructStart() && !STRUCTURED.contains(field)) {
          p.skipChildren(); // a value of an unexpected shape: passed over, not misread
          continue;
        }
        switch (field) {
          case "id" -> b.id = text(p, value);
          case "district" -> b.district = text(p, value);
          case "category" -> b.category = text(p, value);
          case "status" -> b.status = text(p, value);
          case "incident" -> b.incident = text(p, value);
          case "priority" -> b.priority = value.isNumeric() ? p.getIntValue() : 1;
          case "version" -> b.version = value.isNumeric() ? p.getIntValue() : 1;
          case "deferred" -> b.deferred = value == JsonToken.VALUE_TRUE;
          case "location", "centroid" -> b.readPoint(p, value);
          case "districts" -> b.readDistricts(p, value);
          default -> { } // a scalar no filter reads (objects and arrays were passed over above)
        }
      }
      b.json = text.substring(from, (int) p.currentTokenLocation().getCharOffset() + 1);
      if (b.id == null || Double.isNaN(b.lon) || Double.isNaN(b.lat)) {
        throw new IllegalArgumentException("a report without its id or location");
      }
      return b;
    }

    private void readPoint(JsonParser p, JsonToken value) throws IOException {
      if (value != JsonToken.START_OBJECT) {
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken v = p.nextToken();
        if ("lon".equals(f) && v.isNumeric()) {
          lon = p.getDoubleValue();
        } else if ("lat".equals(f) && v.isNumeric()) {
          lat = p.getDoubleValue();
        } else if (v.isStructStart()) {
          p.skipChildren();
        }
      }
    }

    private void readDistricts(JsonParser p, JsonToken value) throws IOException {
      if (value != JsonToken.START_ARRAY) {
        if (value.isStructStart()) {
          p.skipChildren();
        }
        return;
      }
      List<String> out = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t.isStructStart()) {
          p.skipChildren();
        } else if (t != JsonToken.VALUE_NULL) {
          out.add(p.getText());
        }
      }
      districts = List.copyOf(out);
    }
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
        full = f = Frames.encode(envelope(body));
      }
      return f;
    }
    ByteBuf f = redacted;
    if (f == null) {
      redacted = f = Frames.encode(envelope(ReportJson.withoutPersonalData(body)));
    }
    return f;
  }

  /** {@code report.removed}: the report no longer matches a client's filter. */
  ByteBuf removedFrame() {
    ByteBuf f = removed;
    if (f == null) {
      removed =
          f = Frames.encode(positioned(new JsonObject().put("type", "report.removed"))
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
        fullJson = j = Frames.encode(body);
      }
      return j;
    }
    ByteBuf j = redactedJson;
    if (j == null) {
      redactedJson = j = Frames.encode(ReportJson.withoutPersonalData(body));
    }
    return j;
  }

  /** A tag as {@code ReportEvents} writes them (base-36 digits), else none: it is copied into frames unescaped. */
  private static String wellFormedTag(String text) {
    if (text.isEmpty() || text.length() > 16) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
        return null;
      }
    }
    return text;
  }

  /** Adds where the event stands in the log to a message: its sequence and tag. */
  private JsonObject positioned(JsonObject message) {
    message.put("seq", seq);
    if (tag != null) {
      message.put("tag", tag);
    }
    return message;
  }

  /** Closes the type and adds where the event stands in the log: its sequence and tag. */
  private StringBuilder position(StringBuilder m) {
    m.append("\",\"seq\":").append(seq);
    if (tag != null) {
      // Tags are base-36 digits (ReportEvents): nothing to escape.
      m.append(",\"tag\":\"").append(tag).append('"');
    }
    return m;
  }

  /** The message around the report or incident, put together from its JSON as the log holds it. */
  private String envelope(String json) {
    StringBuilder m = new StringBuilder(json.length() + 96).append("{\"type\":\"");
    if (isIncident()) {
      m.append("closed".equals(status) ? "incident.closed" : "incident.updated");
      position(m).append(",\"incident\":").append(json);
    } else {
      m.append("report.").append(kind.wire());
      position(m).append(",\"report\":").append(json);
      if (escalation != null) {
        m.append(",\"escalation\":").append(escalation);
      }
    }
    return m.append('}').toString();
  }
}
