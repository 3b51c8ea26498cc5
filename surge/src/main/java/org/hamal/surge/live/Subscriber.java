package org.hamal.surge.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.hamal.surge.audit.Ledger;
import org.hamal.surge.audit.Scope;
import org.hamal.surge.load.Metrics;

/**
 * One simulated screen or tablet on the live stream. It connects, learns its scope from the
 * server's hello (and its own filter), and from {@link #attach} on records every report it
 * receives in the ledger. Dropped by the server, it reconnects as the protocol asks (back-off of 1
 * s doubling to 30 s, with jitter), to the next of the run's nodes (a node that went away is
 * likely still away), and resumes from its position in the change log, so the audit
 * holds the server to "exactly the deltas it missed"; when the server answers with a snapshot
 * instead, the reports in it it lacked count as delivered (docs/surge.md).
 */
public final class Subscriber {

  /**
   * A slow reader: its socket stops reading for {@code pauseMillis} every {@code everyMillis}, so
   * that what the node sends it backs up (the node coalesces it, or sends it a fresh snapshot).
   */
  public record SlowReading(long pauseMillis, long everyMillis) {}

  private static final long FIRST_BACKOFF_MILLIS = 1_000;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final String name;
  private final List<URI> nodes;
  private volatile int current;
  private final String token;
  private final Scope filter;
  private final Metrics metrics;
  private final SlowReading slow;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong folded = new AtomicLong();
  private final AtomicLong snapshots = new AtomicLong();
  private final AtomicLong pauses = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong resumed = new AtomicLong();
  private volatile Ledger ledger;
  private volatile int index = -1;
  private volatile WebSocket socket;
  private volatile String closed;
  private volatile java.util.List<String> roles = java.util.List.of();
  private volatile boolean closing;
  private Vertx vertx;
  private WebSocketClient client;
  // Where this subscriber is in the change log; touched only on its socket's event loop.
  private String epoch;
  private long position = -1;
  /** The tag of the entry at {@link #position}, as the server named it (null when it did not). */
  private String positionTag;
  /**
   * A subscription was sent and not answered yet: what comes before the answer belongs to the
   * stream the hello started, which the subscription restates (a resume sends every change after
   * the position, a snapshot rebuilds the picture), so it is not applied.
   */
  private boolean awaitingSubscribed;
  /** Whether the client's picture is whole up to {@link #position} (not in the middle of a snapshot). */
  private boolean synced;
  private int failedAttempts;
  /**
   * After a snapshot, creations at or before the position the subscriber had reached are sent
   * again, and are no duplicates: a shared snapshot may be older than what the subscriber was sent,
   * the snapshot replaces its picture, and the catch-up from there restates what the picture then
   * lacks (docs/live-protocol.md, "How it works"). Batches carry no sequence per report, so the
   * first batch after the snapshot (where a coalesced client's catch-up lands) is a restatement.
   */
  private long restateUpTo = -1;
  private boolean restateNextBatch;
  private volatile long slowTimer = -1;

  /** A subscriber of {@code nodes.get(first)} that reconnects to the next ones in turn. */
  public Subscriber(String name, List<URI> nodes, int first, String token, Scope filter, Metrics metrics) {
    this(name, nodes, first, token, filter, metrics, null);
  }

  /** The same, reading slowly as {@code slow} says (null: reading all it is sent). */
  public Subscriber(
      String name, List<URI> nodes, int first, String token, Scope filter, Metrics metrics, SlowReading slow) {
    this.slow = slow;
    this.name = name;
    this.nodes = List.copyOf(nodes);
    this.current = first % nodes.size();
    this.token = token;
    this.filter = filter;
    this.metrics = metrics;
  }

  /** Connects; completes with the scope the audit should expect once the hello has come. */
  public Future<Scope> connect(Vertx vertx, WebSocketClient client, long helloTimeoutMillis) {
    this.vertx = vertx;
    this.client = client;
    Promise<Scope> scope = Promise.promise();
    long timer =
        vertx.setTimer(
            helloTimeoutMillis,
            t -> scope.tryFail(name + ": no hello from " + node() + " within " + helloTimeoutMillis + " ms"));
    client
        .connect(LiveProtocol.connectOptions(node(), token))
        .onFailure(err -> scope.tryFail(name + ": cannot connect to " + node() + ": " + err.getMessage()))
        .onSuccess(ws -> {
          listen(ws, scope, timer, true);
          if (slow != null) {
            // Slow readers pause at different moments, not all at once.
            long first = 1 + (long) (ThreadLocalRandom.current().nextDouble() * slow.everyMillis());
            slowTimer = vertx.setTimer(first, t -> {
              pauseReading();
              slowTimer = vertx.setPeriodic(slow.everyMillis(), p -> pauseReading());
            });
          }
        });
    return scope.future();
  }

  /** Stops reading the current socket for a while: the node's send buffer for it fills. */
  private void pauseReading() {
    WebSocket ws = socket;
    if (closing || ws == null) {
      return;
    }
    pauses.incrementAndGet();
    ws.pause();
    vertx.setTimer(slow.pauseMillis(), t -> ws.resume());
  }

  private void listen(WebSocket ws, Promise<Scope> scope, long helloTimer, boolean first) {
    socket = ws;
    ws.textMessageHandler(text -> onFrame(LiveProtocol.read(text), System.nanoTime(), scope, helloTimer));
    ws.closeHandler(v -> onClose(ws, scope, first));
    ws.exceptionHandler(err -> metrics.subscriberEvent("subscriber_error"));
  }

  private void onFrame(LiveProtocol.Frame frame, long at, Promise<Scope> scope, long helloTimer) {
    LiveProtocol.Message m = frame.message();
    if (m instanceof LiveProtocol.Hello hello) {
      // The position kept its own epoch: the hello's is the log's now, perhaps a new one.
      String subscribe = synced ? LiveProtocol.subscribe(filter, epoch, position, positionTag) : LiveProtocol.subscribe(filter);
      // A connection dropped before its subscription was answered leaves nothing to wait for.
      awaitingSubscribed = subscribe != null;
      if (subscribe != null) {
        socket.writeTextMessage(subscribe);
      } else {
        synced = true; // no filter and nothing to resume: every change from the hello's seq on
        moveTo(frame);
        epoch = frame.epoch();
      }
      roles = hello.roles();
      vertx.cancelTimer(helloTimer);
      scope.tryComplete(hello.scope().and(filter));
      return;
    }
    if (awaitingSubscribed) {
      if (!"subscribed".equals(frame.type()) && !"error".equals(frame.type())) {
        return;
      }
      awaitingSubscribed = false; // answered: subscribed, or refused (the hello's stream goes on)
    }
    String before = epoch;
    if (frame.epoch() != null) {
      epoch = frame.epoch();
    }
    switch (frame.type()) {
      case "subscribed" -> subscribed(frame, before);
      case "snapshot" -> {
        if (frame.last()) {
          synced = true;
          moveTo(frame);
        }
      }
      default -> {
        if (synced && frame.seq() > position) {
          moveTo(frame);
        }
      }
    }
    if (m instanceof LiveProtocol.Created created) {
      delivered(created, at, frame.seq() <= restateUpTo);
    } else if (m instanceof LiveProtocol.Reports reports) {
      // A snapshot restates the picture; so does a batch's later state of a report (it changed
      // since it was created, e.g. it joined an incident): a delivery if the subscriber lacked
      // it, no duplicate if it had it. A creation received twice is a duplicate.
      boolean snapshot = "snapshot".equals(frame.type());
      boolean caughtUp = !snapshot && (restateNextBatch || frame.seq() <= restateUpTo);
      if (!snapshot) {
        restateNextBatch = false;
      }
      reports.reports().forEach(r -> delivered(r, at, snapshot || caughtUp || r.updated()));
      reports.folded().forEach(id -> folded(id, at));
    }
  }

  /** The client's picture is whole up to this frame's position. */
  private void moveTo(LiveProtocol.Frame frame) {
    position = frame.seq();
    positionTag = frame.tag();
  }

  private void subscribed(LiveProtocol.Frame frame, String epochBefore) {
    failedAttempts = 0;
    boolean reconnected = synced;
    if ("resume".equals(frame.mode())) {
      moveTo(frame);
      resumed.incrementAndGet();
      metrics.subscriberEvent("subscriber_resumed");
    } else {
      synced = false; // snapshot pages follow
      // Positions of another log say nothing of this one's.
      boolean sameLog = frame.epoch() == null || frame.epoch().equals(epochBefore);
      restateUpTo = sameLog ? Math.max(restateUpTo, position) : -1;
      restateNextBatch = sameLog && position > frame.seq();
      if (reconnected) {
        snapshots.incrementAndGet();
        metrics.subscriberEvent("subscriber_snapshot_" + frame.reason());
      }
    }
  }

  private void onClose(WebSocket ws, Promise<Scope> scope, boolean first) {
    if (first && scope.tryFail(name + ": closed before hello")) {
      return; // the run fails to set up
    }
    if (!closing && ws == socket) {
      closed = ws.closeStatusCode() + " " + ws.closeReason();
      metrics.subscriberEvent("subscriber_closed_" + ws.closeStatusCode());
      reconnectLater();
    }
  }

  /** Back-off: 1 s doubling to 30 s, times 0.5–1 at random, so a node is not stampeded. */
  private void reconnectLater() {
    long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(failedAttempts, 5));
    failedAttempts++;
    long delay = (long) (backoff * (0.5 + ThreadLocalRandom.current().nextDouble() * 0.5));
    vertx.setTimer(delay, t -> reconnect());
  }

  private void reconnect() {
    if (closing) {
      return;
    }
    reconnects.incrementAndGet();
    current = (current + 1) % nodes.size();
    Promise<Scope> again = Promise.promise(); // the scope was settled by the first hello
    client
        .connect(LiveProtocol.connectOptions(node(), token))
        .onFailure(err -> {
          metrics.subscriberEvent("subscriber_reconnect_failed");
          reconnectLater();
        })
        .onSuccess(ws -> {
          if (closing) {
            ws.close();
          } else {
            listen(ws, again, -1, false);
          }
        });
  }

  private void delivered(LiveProtocol.Created report, long at, boolean restated) {
    received.incrementAndGet();
    Ledger l = ledger;
    if (l == null) {
      return;
    }
    if (restated) {
      l.restated(index, report.id(), at);
    } else {
      l.delivered(index, report.id(), at);
    }
  }

  private void folded(String id, long at) {
    folded.incrementAndGet();
    Ledger l = ledger;
    if (l != null) {
      l.folded(index, id, at);
    }
  }

  /** From now on, deliveries are recorded as subscriber {@code index} of the ledger. */
  public void attach(Ledger ledger, int index) {
    this.index = index;
    this.ledger = ledger;
  }

  public Future<Void> close() {
    closing = true;
    if (slowTimer >= 0) {
      vertx.cancelTimer(slowTimer);
    }
    WebSocket ws = socket;
    return ws == null ? Future.succeededFuture() : ws.close().recover(err -> Future.succeededFuture());
  }

  public String name() {
    return name;
  }

  /** The node it is connected (or connecting) to. */
  public URI node() {
    return nodes.get(current);
  }

  /** The token's roles, as the hello said. */
  public java.util.List<String> roles() {
    return roles;
  }

  public long received() {
    return received.get();
  }

  /** Why the server last closed this subscriber during the run, or null. */
  public String closedBy() {
    return closed;
  }

  /** How often it connected again after the server closed it, and how often that resumed. */
  public long reconnects() {
    return reconnects.get();
  }

  public long resumed() {
    return resumed.get();
  }

  /** Report ids batches gave it folded (in its counts, not as markers). */
  public long folded() {
    return folded.get();
  }

  /** Snapshots the node sent it after its first: caught up, or on a reconnection that could not resume. */
  public long snapshots() {
    return snapshots.get();
  }

  /** Whether it reads slowly, and how often it paused. */
  public boolean slow() {
    return slow != null;
  }

  public long pauses() {
    return pauses.get();
  }
}
