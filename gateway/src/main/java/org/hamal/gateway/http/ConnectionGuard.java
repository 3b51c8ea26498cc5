package org.hamal.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hamal.gateway.config.HttpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what connections can hold, for every server verticle of the node: at most {@code
 * http.maxConnections} open (more are closed at once, so that idle or unauthenticated sockets can
 * never take the descriptors the node's own work needs), and a request head due within {@code
 * http.headerTimeoutSeconds} of a connection opening (a client trickling its headers is cut off).
 * Connections idle past {@code http.idleTimeoutSeconds} are closed by the server itself.
 */
public final class ConnectionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final HttpConfig config;
  private final AtomicInteger open = new AtomicInteger();
  /** The connections holding a slot: each gives it back once, however it closes. */
  private final Map<HttpConnection, Boolean> counted = new ConcurrentHashMap<>();
  /** Connections whose first request head has not come yet, and the timer that closes them. */
  private final Map<HttpConnection, Long> awaitingHead = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  public ConnectionGuard(HttpConfig config) {
    this.config = config;
  }

  /** The server's connection handler. */
  void opened(Vertx vertx, HttpConnection connection) {
    if (open.incrementAndGet() > config.maxConnections()) {
      open.decrementAndGet();
      if (refused.getAndIncrement() % 1000 == 0) {
        LOG.warn("More than {} open connections: refusing new ones", config.maxConnections());
      }
      connection.close();
      return;
    }
    counted.put(connection, Boolean.TRUE);
    long timer = vertx.setTimer(config.headerTimeoutSeconds() * 1000L, id -> {
      if (awaitingHead.remove(connection) != null) {
        connection.close();
      }
    });
    awaitingHead.put(connection, timer);
    connection.closeHandler(v -> {
      Long pending = awaitingHead.remove(connection);
      if (pending != null) {
        vertx.cancelTimer(pending);
      }
      closed(connection);
    });
  }

  /**
   * Gives a connection's slot back. Called by its close handler and, for a connection upgraded to
   * a WebSocket (whose HTTP close handler no longer runs), by the socket's.
   */
  public void closed(HttpConnection connection) {
    if (connection != null && counted.remove(connection) != null) {
      open.decrementAndGet();
    }
  }

  /** Called with every request: its connection sent a whole head in time. */
  void headReceived(Vertx vertx, HttpServerRequest request) {
    Long timer = awaitingHead.remove(request.connection());
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
