package org.hamal.surge.live;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.hamal.surge.audit.Scope;

/**
 * Everything surge knows about the live stream's wire format (docs/live-protocol.md), in one
 * place so a protocol change touches one class: how to connect, what the server's messages
 * mean, and the subscription message the live-streams issue adds. Unknown message types are
 * ignored, as the protocol asks.
 */
public final class LiveProtocol {

  public static final String PATH = "/api/v1/live";

  /** A message from the server. */
  public sealed interface Message permits Hello, Created, Reports, Other {}

  /** {@code hello}: the token's roles, and its districts when it is confined to some. */
  public record Hello(List<String> roles, Set<String> districts) implements Message {

    /** What the token lets the server send: every report, or its districts'. */
    public Scope scope() {
      return new Scope(districts, null);
    }
  }

  /**
   * {@code report.created}: a new report; in a batch or snapshot, a report as it stands, at its
   * {@code version} (0 when the message does not say).
   */
  public record Created(String id, String district, String category, int version) implements Message {

    /** A later state of the report than its creation (in a batch: it was updated since). */
    public boolean updated() {
      return version > 1;
    }
  }

  /**
   * {@code batch} (a client the server coalesces gets the latest state of many reports per
   * tick) and {@code snapshot} pages: each report in them is delivered, unless the subscriber
   * already had it and this is a later state. A batch's {@code folded} are the ids of reports that
   * changed since the previous batch and match the filter but are not sent as markers (in an
   * emergency, below {@code markerMinPriority}): the screen learns of them in its counts and heat.
   */
  public record Reports(List<Created> reports, List<String> folded) implements Message {

    public Reports(List<Created> reports) {
      this(reports, List.of());
    }
  }

  /** Any other type (heartbeats, ... of later versions), or an unreadable frame. */
  public record Other(String type) implements Message {}

  private LiveProtocol() {}

  public static WebSocketConnectOptions connectOptions(URI node, String token) {
    boolean tls = "https".equals(node.getScheme()) || "wss".equals(node.getScheme());
    int port = node.getPort() > 0 ? node.getPort() : tls ? 443 : 80;
    return new WebSocketConnectOptions()
        .setHost(node.getHost())
        .setPort(port)
        .setSsl(tls)
        .setURI(PATH)
        .addHeader("Authorization", "Bearer " + token);
  }

  /** Reads a server message (see {@link #read}). */
  public static Message parse(String text) {
    return read(text).message();
  }

  /**
   * A server message and where it puts the client in the change log: {@code seq} (-1 when the
   * message has none) and the {@code tag} of the entry there (null when it does not say), the
   * log's {@code epoch} (null when it does not say), and for {@code
   * subscribed} and {@code snapshot} the {@code mode} and {@code reason}, and whether a page is
   * the {@code last}.
   */
  public record Frame(Message message, String type, long seq, String tag, String epoch, String mode, String reason,
      boolean last) {}

  /**
   * Reads a server message. Streamed, taking only the fields surge needs: the subscribers of an
   * end-to-end run share the CPU with the node under test, and decoding every delivery whole (tens
   * of thousands a second, each with its numbers) cost surge most of a core.
   */
  public static Frame read(String text) {
    try (JsonParser p = JacksonCodec.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return unreadable();
      }
      String type = "";
      List<String> roles = List.of();
      Set<String> districts = null;
      Created report = null;
      List<Created> reports = List.of();
      List<String> folded = List.of();
      long seq = -1;
      String tag = null, epoch = null, mode = null, reason = null;
      boolean last = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "roles" -> roles = strings(p, value);
          case "districts" -> districts = value == JsonToken.START_ARRAY ? Set.copyOf(strings(p, value)) : null;
          case "report" -> report = value == JsonToken.START_OBJECT ? report(p) : skip(p);
          case "reports" -> reports = value == JsonToken.START_ARRAY ? reports(p) : skip(p);
          case "folded" -> folded = strings(p, value);
          case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
          case "tag" -> tag = text(p, value);
          case "epoch" -> epoch = text(p, value);
          case "mode" -> mode = text(p, value);
          case "reason" -> reason = text(p, value);
          case "last" -> last = value == JsonToken.VALUE_TRUE;
          default -> p.skipChildren();
        }
      }
      Message message = switch (type) {
        case "hello" -> new Hello(roles, districts);
        case "report.created" ->
            report == null || report.id() == null ? new Other("report.created without a report id") : report;
        case "batch" -> new Reports(reports == null ? List.of() : reports, folded);
        case "snapshot" -> new Reports(reports == null ? List.of() : reports);
        default -> new Other(type);
      };
      return new Frame(message, type, seq, tag, epoch, mode, reason, last);
    } catch (IOException | RuntimeException e) { // not JSON, or cut short
      return unreadable();
    }
  }

  private static Frame unreadable() {
    return new Frame(new Other("unreadable"), "", -1, null, null, null, null, false);
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /** The strings of an array (other values skipped); an empty list when the value is not one. */
  private static List<String> strings(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == JsonToken.VALUE_STRING) {
        out.add(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return List.copyOf(out);
  }

  /** The reports of an array that have an id. */
  private static List<Created> reports(JsonParser p) throws IOException {
    List<Created> out = new java.util.ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == JsonToken.START_OBJECT) {
        Created r = report(p);
        if (r.id() != null) {
          out.add(r);
        }
      } else {
        p.skipChildren();
      }
    }
    return List.copyOf(out);
  }

  /** Id, district, category and version of the report object the parser is at; the rest skipped. */
  private static Created report(JsonParser p) throws IOException {
    String id = null;
    String district = null;
    String category = null;
    int version = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
      switch (field) {
        case "id" -> id = text;
        case "district" -> district = text;
        case "category" -> category = text;
        case "version" -> version = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
        default -> p.skipChildren();
      }
    }
    return new Created(id, district, category, version);
  }

  private static <T> T skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  /**
   * The subscription message for a filter (the live-streams issue), or null for no filter. A
   * server that does not know it ignores it, and the audit then counts what the filter should
   * have held back as out of scope, not as loss.
   */
  public static String subscribe(Scope filter) {
    return subscribe(filter, null, -1, null);
  }

  /**
   * The subscription message for a filter that resumes after {@code seq} of the log {@code epoch}
   * (docs/live-protocol.md, "Subscribing"), whose entry the client had was {@code tag} (null when
   * the server did not say); with no position, {@link #subscribe(Scope)}. A resumption is sent even
   * with no filter: it is what asks the server for the missed deltas.
   */
  public static String subscribe(Scope filter, String epoch, long seq, String tag) {
    boolean resume = epoch != null && seq >= 0;
    if (!resume && (filter == null || (filter.districts() == null && filter.categories() == null))) {
      return null;
    }
    JsonObject message = new JsonObject().put("type", "subscribe").put("filter", filter(filter));
    if (resume) {
      JsonObject position = new JsonObject().put("epoch", epoch).put("seq", seq);
      if (tag != null) {
        position.put("tag", tag);
      }
      message.put("resume", position);
    }
    return message.encode();
  }

  private static JsonObject filter(Scope filter) {
    JsonObject f = new JsonObject();
    if (filter == null) {
      return f;
    }
    if (filter.districts() != null) {
      f.put("districts", new JsonArray(filter.districts().stream().sorted().toList()));
    }
    if (filter.categories() != null) {
      f.put("categories", new JsonArray(filter.categories().stream().sorted().toList()));
    }
    return f;
  }

  /** Synthetic reports in one frame of the fan-out benchmark: one by one, and inside batches. */
  public record Synthetic(int single, int batched) {
    public static final Synthetic NONE = new Synthetic(0, 0);

    public int total() {
      return single + batched;
    }
  }

  /** Ids of the synthetic reports of {@code POST /bench/fanout} start with this. */
  public static final String SYNTHETIC_ID_PREFIX = "bench-";

  private static final byte[] CREATED = ascii("{\"type\":\"report.created\"");
  private static final byte[] BATCH = ascii("{\"type\":\"batch\"");
  private static final byte[] HELLO = ascii("{\"type\":\"hello\"");
  private static final byte[] SYNTHETIC_IN_BATCH = ascii("{\"id\":\"" + SYNTHETIC_ID_PREFIX);
  private static final byte[] SYNTHETIC_REPORT = ascii("\"report\":{\"id\":\"" + SYNTHETIC_ID_PREFIX);
  /** Where a single event's report starts at the latest: after the type and a sequence. */
  private static final int REPORT_WITHIN = 64;

  /**
   * Counts the fan-out benchmark's synthetic reports in a text frame. Single events are
   * recognised by their first bytes, without decoding (the server writes {@code type} first, then
   * {@code seq}, then the report with its {@code id} first), so that a client sharing the CPU
   * with the server stays cheap.
   */
  public static Synthetic countSynthetic(Buffer frame) {
    if (startsWith(frame, CREATED, 0)) {
      int limit = Math.min(frame.length() - SYNTHETIC_REPORT.length, CREATED.length + REPORT_WITHIN);
      for (int at = CREATED.length; at <= limit; at++) {
        if (startsWith(frame, SYNTHETIC_REPORT, at)) {
          return new Synthetic(1, 0);
        }
      }
      return Synthetic.NONE;
    }
    if (startsWith(frame, BATCH, 0)) {
      // Counted, not parsed: a batch for a thousand clients holds megabytes of reports, and the
      // synthetic ones are written with their id first.
      int n = 0;
      int last = frame.length() - SYNTHETIC_IN_BATCH.length;
      for (int at = BATCH.length; at <= last; at++) {
        if (frame.getByte(at) == '{' && startsWith(frame, SYNTHETIC_IN_BATCH, at)) {
          n++;
          at += SYNTHETIC_IN_BATCH.length - 1;
        }
      }
      return n == 0 ? Synthetic.NONE : new Synthetic(0, n);
    }
    return Synthetic.NONE;
  }

  /** Whether a text frame is the server's {@code hello} (the client is registered). */
  public static boolean isHello(Buffer frame) {
    return startsWith(frame, HELLO, 0);
  }

  private static boolean startsWith(Buffer frame, byte[] prefix, int at) {
    if (frame.length() < at + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (frame.getByte(at + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * An {@code alert} message's alert (docs/alerts.md): its id, the source's id and its status
   * ({@code active}, {@code cleared}, {@code ended}).
   */
  public record AlertChange(String id, String sourceId, String status) {

    public boolean active() {
      return "active".equals(status);
    }
  }

  /**
   * The alert of an {@code alert} message, or null for any other message. Streamed, and it stops
   * once it has the three fields: an alert lists its patrollers, hundreds of them in a benchmark,
   * and every subscriber reads every alert on the client's one thread.
   */
  public static AlertChange alert(String text) {
    try (JsonParser p = JacksonCodec.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String type = null;
      AlertChange alert = null;
      while ((type == null || alert == null) && p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("type".equals(field)) {
          type = text(p, value);
          if (!"alert".equals(type)) {
            return null;
          }
        } else if ("alert".equals(field) && value == JsonToken.START_OBJECT) {
          alert = alertFields(p);
          if (type != null) {
            return alert;
          }
          // The type comes later: read on past the rest of the alert.
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      return "alert".equals(type) ? alert : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static AlertChange alertFields(JsonParser p) throws IOException {
    String id = null, sourceId = null, status = null;
    while ((id == null || sourceId == null || status == null) && p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "id" -> id = text(p, value);
        case "sourceId" -> sourceId = text(p, value);
        case "status" -> status = text(p, value);
        default -> p.skipChildren();
      }
    }
    return new AlertChange(id, sourceId, status);
  }

  /** The client's own keep-alive message; the server answers with a {@code pong}. */
  public static String ping(long t) {
    return new JsonObject().put("type", "ping").put("t", t).encode();
  }

  /** Parses a filter option: {@code districts=a,b;categories=fire,injury}, or {@code all}. */
  public static Scope parseFilter(String spec) {
    if (spec == null || spec.isBlank() || spec.trim().equals("all")) {
      return Scope.EVERYTHING;
    }
    Set<String> districts = null, categories = null;
    for (String part : spec.split(";")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("not key=values: " + part);
      }
      Set<String> values = Set.of(kv[1].split(","));
      switch (kv[0].trim()) {
        case "districts" -> districts = values;
        case "categories" -> categories = values;
        default -> throw new IllegalArgumentException("a filter has districts and categories, not " + kv[0]);
      }
    }
    return new Scope(districts, categories);
  }
}
