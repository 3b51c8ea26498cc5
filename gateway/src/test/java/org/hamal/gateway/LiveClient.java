package org.hamal.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A live-stream client for tests: queues every message, keeps the state a screen would build
 * from them (the open reports by id, the last sequence, the epoch), and can stop reading to play
 * a client on a stalled network.
 */
public final class LiveClient implements AutoCloseable {

  /** The type of the message a test reads when the server closed the stream. */
  public static final String CLOSED = "(closed)";

  private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  private final Map<String, JsonObject> reports = new ConcurrentHashMap<>();
  private final WebSocket socket;
  private volatile boolean paused;
  private volatile boolean waitingForDemand;
  private volatile String epoch;
  private volatile long seq = -1;
  private volatile String tag;

  /** @param token sent as a bearer header; null for none (a browser's query token in {@code uri}) */
  private LiveClient(URI uri, String token) throws Exception {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    this.socket = builder.buildAsync(uri, new Listener()).get(30, TimeUnit.SECONDS);
  }

  public static LiveClient connect(URI uri, String token) throws Exception {
    return new LiveClient(uri, token);
  }

  /** A client that starts from another's picture, as a screen that reconnects elsewhere does. */
  public static LiveClient reconnect(URI uri, String token, LiveClient before) throws Exception {
    LiveClient client = new LiveClient(uri, token);
    client.reports.putAll(before.reports);
    client.epoch = before.epoch;
    client.seq = before.seq;
    client.tag = before.tag;
    return client;
  }

  /** Sends any text as one message, JSON or not (a fuzzer's). */
  public void sendText(String text) {
    socket.sendText(text, true).join();
  }

  public void send(JsonObject message) {
    socket.sendText(message.encode(), true).join();
  }

  /** Subscribes with a filter, resuming from where this client (or {@code from}) left off. */
  public void subscribe(JsonObject filter, String resumeEpoch, Long resumeSeq) {
    subscribe(filter, resumeEpoch, resumeSeq, null);
  }

  /** Subscribes, resuming from a position and the tag of the entry there (null: by sequence alone). */
  public void subscribe(JsonObject filter, String resumeEpoch, Long resumeSeq, String resumeTag) {
    JsonObject m = new JsonObject().put("type", "subscribe").put("filter", filter);
    if (resumeEpoch != null) {
      JsonObject resume = new JsonObject().put("epoch", resumeEpoch).put("seq", resumeSeq);
      if (resumeTag != null) {
        resume.put("tag", resumeTag);
      }
      m.put("resume", resume);
    }
    send(m);
  }

  /** Subscribes, resuming from where this client left off, tag included. */
  public void resubscribe(JsonObject filter) {
    subscribe(filter, epoch, seq, tag);
  }

  /** The next message that matches, waiting at most {@code seconds}; null if none came. */
  public JsonObject next(Predicate<JsonObject> matching, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject m = messages.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (m == null || matching.test(m)) {
        return m;
      }
    }
  }

  public JsonObject next(String type, long seconds) throws InterruptedException {
    return next(m -> type.equals(m.getString("type")), seconds);
  }

  /** Every message received so far and not yet taken. */
  public List<JsonObject> drain() {
    List<JsonObject> out = new ArrayList<>();
    messages.drainTo(out);
    return out;
  }

  /** The open reports as this client knows them, by id. */
  public Map<String, JsonObject> reports() {
    return Map.copyOf(reports);
  }

  public String epoch() {
    return epoch;
  }

  public long seq() {
    return seq;
  }

  /** The tag of the entry at {@link #seq}, as the server said it; null if it did not. */
  public String tag() {
    return tag;
  }

  /** Stops reading from the socket: the server's writes back up, as on a stalled network. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
    if (waitingForDemand) {
      waitingForDemand = false;
      socket.request(1);
    }
  }

  @Override
  public void close() {
    socket.abort();
  }

  /** Applies a message to the client's picture, as a screen does. */
  private void apply(JsonObject m) {
    String type = m.getString("type", "");
    if (m.getValue("seq") instanceof Number n && !type.equals("hello")) {
      seq = n.longValue();
      tag = m.getString("tag");
    }
    switch (type) {
      case "subscribed" -> {
        epoch = m.getString("epoch");
        if ("snapshot".equals(m.getString("mode"))) {
          reports.clear();
        }
      }
      case "heartbeat" -> epoch = m.getString("epoch");
      case "snapshot" -> m.getJsonArray("reports").forEach(r -> upsert((JsonObject) r));
      case "report.created", "report.updated" -> upsert(m.getJsonObject("report"));
      case "report.closed" -> reports.remove(m.getJsonObject("report").getString("id"));
      case "report.removed" -> reports.remove(m.getString("id"));
      case "batch" -> {
        m.getJsonArray("reports").forEach(r -> upsert((JsonObject) r));
        ((JsonArray) m.getValue("removed")).forEach(id -> reports.remove((String) id));
      }
      default -> {}
    }
  }

  private void upsert(JsonObject report) {
    reports.merge(
        report.getString("id"),
        report,
        (old, neu) -> neu.getInteger("version") > old.getInteger("version") ? neu : old);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonObject m = new JsonObject(partial.toString());
        partial.setLength(0);
        apply(m);
        messages.add(m);
      }
      if (paused) {
        waitingForDemand = true;
      } else {
        ws.request(1);
      }
      return null;
    }

    /** The server's close, queued as a message of its own: {@value #CLOSED} with its code and reason. */
    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      messages.add(new JsonObject().put("type", CLOSED).put("code", statusCode).put("reason", reason));
      return null;
    }
  }
}
