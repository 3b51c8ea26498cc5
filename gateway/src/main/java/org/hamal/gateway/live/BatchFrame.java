package org.hamal.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A coalesced {@code batch} message put together from bytes: every report and incident in it was
 * encoded once per node ({@link LiveEvent#json}), so a tick costs each client a copy of those
 * bytes, not a JSON encoding of hundreds of reports. The result is the same JSON as the
 * documented message (docs/live-protocol.md, "batch").
 */
final class BatchFrame {

  private static final byte[] HEAD = ascii("{\"type\":\"batch\",\"seq\":");
  private static final byte[] REPORTS = ascii(",\"reports\":[");
  private static final byte[] REMOVED = ascii("],\"removed\":[");
  private static final byte[] INCIDENTS = ascii("],\"incidents\":[");
  private static final byte[] INCIDENTS_CLOSED = ascii("],\"incidentsClosed\":[");
  private static final byte[] FOLDED = ascii("],\"folded\":[");
  private static final byte[] COUNTS = ascii("],\"counts\":");

  private final ByteBuf reports = Unpooled.buffer();
  private final ByteBuf removed = Unpooled.buffer();
  private final ByteBuf incidents = Unpooled.buffer();
  private final ByteBuf incidentsClosed = Unpooled.buffer();
  private final ByteBuf folded = Unpooled.buffer();

  void report(ByteBuf json) {
    append(reports, json);
  }

  void removed(String id) {
    append(removed, id);
  }

  void incident(ByteBuf json) {
    append(incidents, json);
  }

  void incidentClosed(String id) {
    append(incidentsClosed, id);
  }

  /** A report counted (in {@code counts} and the heat layer) but not drawn. */
  void folded(String id) {
    append(folded, id);
  }

  /** The whole message; this builder is spent. */
  ByteBuf build(long seq, String tag, JsonObject counts) {
    // The position and its tag (base-36 digits: nothing to escape).
    byte[] seqBytes = ascii(tag == null ? Long.toString(seq) : seq + ",\"tag\":\"" + tag + "\"");
    byte[] countBytes = counts.encode().getBytes(StandardCharsets.UTF_8);
    ByteBuf out =
        Unpooled.buffer(
            HEAD.length + seqBytes.length + REPORTS.length + reports.readableBytes() + REMOVED.length
                + removed.readableBytes() + INCIDENTS.length + incidents.readableBytes()
                + INCIDENTS_CLOSED.length + incidentsClosed.readableBytes() + FOLDED.length
                + folded.readableBytes() + COUNTS.length
                + countBytes.length + 1);
    out.writeBytes(HEAD).writeBytes(seqBytes);
    out.writeBytes(REPORTS).writeBytes(reports);
    out.writeBytes(REMOVED).writeBytes(removed);
    out.writeBytes(INCIDENTS).writeBytes(incidents);
    out.writeBytes(INCIDENTS_CLOSED).writeBytes(incidentsClosed);
    out.writeBytes(FOLDED).writeBytes(folded);
    out.writeBytes(COUNTS).writeBytes(countBytes).writeByte('}');
    return out;
  }

  private static void append(ByteBuf list, ByteBuf json) {
    if (list.isReadable()) {
      list.writeByte(',');
    }
    list.writeBytes(json, json.readerIndex(), json.readableBytes());
  }

  private static void append(ByteBuf list, String id) {
    if (list.isReadable()) {
      list.writeByte(',');
    }
    list.writeBytes(Json.encode(id).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
