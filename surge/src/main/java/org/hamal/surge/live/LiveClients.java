package org.hamal.surge.live;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the live benchmarks ({@code fanout}, {@code alert-latency}) share about their clients. */
public final class LiveClients {

  /**
   * A coalesced batch is one frame of up to {@code live.maxPendingReports} (5,000) reports of up to
   * a few KB each: a client that refused it would be cut off exactly when it is behind.
   */
  public static final int MAX_FRAME_BYTES = 1 << 24;
  public static final int MAX_MESSAGE_BYTES = 1 << 24;

  /** The server drops a client silent for 45 s; a client message every so often keeps it. */
  private static final long KEEPALIVE_MILLIS = 10_000;

  /** A body run on a client's Vert.x. */
  public interface OnVertx {
    int run(Vertx vertx) throws Exception;
  }

  private LiveClients() {}

  /**
   * Runs {@code body} on a Vert.x of {@code eventLoops} threads, closed after. Few threads: on a
   * small machine the client shares the cores with the node.
   */
  public static int onVertx(int eventLoops, OnVertx body) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    try {
      return body.run(vertx);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** A WebSocket client for this many subscribers, taking messages of up to 16 MiB. */
  public static WebSocketClient client(Vertx vertx, int subscribers) {
    return vertx.createWebSocketClient(
        new WebSocketClientOptions()
            .setMaxConnections(subscribers + 8)
            .setConnectTimeout(10_000)
            .setMaxFrameSize(MAX_FRAME_BYTES)
            .setMaxMessageSize(MAX_MESSAGE_BYTES));
  }

  /** Pings from every socket every so often, until the timer it returns is cancelled. */
  public static long keepAlive(Vertx vertx, List<WebSocket> sockets) {
    return vertx.setPeriodic(
        KEEPALIVE_MILLIS, id -> sockets.forEach(ws -> ws.writeTextMessage(LiveProtocol.ping(System.currentTimeMillis()))));
  }
}
