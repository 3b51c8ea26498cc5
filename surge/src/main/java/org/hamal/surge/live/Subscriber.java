package org.hamal.surge.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.hamal.surge.audit.Ledger;
import org.hamal.surge.audit.Scope;
import org.hamal.surge.load.Metrics;

/**
 * One simulated screen or tablet on the live stream. It connects, learns its scope from the
 * server's hello (and its own filter), and from {@link #attach} on records every report it
 * receives in the ledger. It does not reconnect: with today's protocol a reconnect cannot
 * resume, so a dropped subscriber shows up in the audit as missing deliveries.
 */
public final class Subscriber {

  private final String name;
  private final URI node;
  private final String token;
  private final Scope filter;
  private final Metrics metrics;
  private final AtomicLong received = new AtomicLong();
  private volatile Ledger ledger;
  private volatile int index = -1;
  private volatile WebSocket socket;
  private volatile String closed;
  private volatile java.util.List<String> roles = java.util.List.of();
  private volatile boolean closing;

  public Subscriber(String name, URI node, String token, Scope filter, Metrics metrics) {
    this.name = name;
    this.node = node;
    this.token = token;
    this.filter = filter;
    this.metrics = metrics;
  }

  /** Connects; completes with the scope the audit should expect once the hello has come. */
  public Future<Scope> connect(Vertx vertx, WebSocketClient client, long helloTimeoutMillis) {
    Promise<Scope> scope = Promise.promise();
    long timer =
        vertx.setTimer(
            helloTimeoutMillis,
            t -> scope.tryFail(name + ": no hello from " + node + " within " + helloTimeoutMillis + " ms"));
    client
        .connect(LiveProtocol.connectOptions(node, token))
        .onFailure(err -> scope.tryFail(name + ": cannot connect to " + node + ": " + err.getMessage()))
        .onSuccess(
            ws -> {
              socket = ws;
              ws.textMessageHandler(
                  text -> {
                    long at = System.nanoTime();
                    LiveProtocol.Message m = LiveProtocol.parse(text);
                    if (m instanceof LiveProtocol.Hello hello) {
                      String subscribe = LiveProtocol.subscribe(filter);
                      if (subscribe != null) {
                        ws.writeTextMessage(subscribe);
                      }
                      roles = hello.roles();
                      vertx.cancelTimer(timer);
                      scope.tryComplete(hello.scope().and(filter));
                    } else if (m instanceof LiveProtocol.Created created) {
                      delivered(created, at);
                    } else if (m instanceof LiveProtocol.Reports reports) {
                      reports.reports().forEach(r -> delivered(r, at));
                    }
                  });
              ws.closeHandler(
                  v -> {
                    if (!closing) {
                      closed = ws.closeStatusCode() + " " + ws.closeReason();
                      metrics.subscriberEvent("subscriber_closed_" + ws.closeStatusCode());
                    }
                    scope.tryFail(name + ": closed before hello");
                  });
              ws.exceptionHandler(err -> metrics.subscriberEvent("subscriber_error"));
            });
    return scope.future();
  }

  private void delivered(LiveProtocol.Created report, long at) {
    received.incrementAndGet();
    Ledger l = ledger;
    if (l != null) {
      l.delivered(index, report.id(), at);
    }
  }

  /** From now on, deliveries are recorded as subscriber {@code index} of the ledger. */
  public void attach(Ledger ledger, int index) {
    this.index = index;
    this.ledger = ledger;
  }

  public Future<Void> close() {
    closing = true;
    WebSocket ws = socket;
    return ws == null ? Future.succeededFuture() : ws.close().recover(err -> Future.succeededFuture());
  }

  public String name() {
    return name;
  }

  public URI node() {
    return node;
  }

  /** The token's roles, as the hello said. */
  public java.util.List<String> roles() {
    return roles;
  }

  public long received() {
    return received.get();
  }

  /** Why the server closed this subscriber during the run, or null. */
  public String closedBy() {
    return closed;
  }
}
