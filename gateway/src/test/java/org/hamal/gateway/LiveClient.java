package org.hamal.gateway;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client of the live stream that queues every message it receives. */
public final class LiveClient implements AutoCloseable {

  private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  private LiveClient(URI uri, String token) throws Exception {
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .buildAsync(uri, new Listener())
            .get(30, TimeUnit.SECONDS);
  }

  public static LiveClient connect(URI uri, String token) throws Exception {
    return new LiveClient(uri, token);
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

  /** Every message received so far and not yet taken. */
  public java.util.List<JsonObject> drain() {
    java.util.List<JsonObject> out = new java.util.ArrayList<>();
    messages.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
