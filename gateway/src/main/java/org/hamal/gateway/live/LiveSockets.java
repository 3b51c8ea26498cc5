package org.hamal.gateway.live;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.http.ApiError;
import org.hamal.gateway.http.ErrorResponses;
import org.hamal.gateway.logs.AccessLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live clients of one server verticle: the protocol of docs/live-protocol.md. Every client
 * has a position in the cluster's change log; the node's feed hands each batch of events here
 * once, and each client gets what its filter matches, one by one while it keeps up, or coalesced
 * into one batch per tick when it does not. All state is confined to this verticle's event loop.
 */
public final class LiveSockets {

  /** Where the live stream is served (its WebSocket handshake). */
  public static final String PATH = "/api/v1/live";

  private static final Logger LOG = LoggerFactory.getLogger(LiveSockets.class);
  /**
   * WebSocket close codes: 1001 going away, 1008 policy violation (no heartbeat), and Hamal's own
   * 4001: the token expired (a new token, then resume).
   */
  private static final short GOING_AWAY = 1001;
  private static final short POLICY = 1008;
  static final short TOKEN_EXPIRED = 4001;
  private static final int CALM_TICKS_TO_GO_LIVE = 8;
  /** More than one client in this many with a full send buffer at a tick: delivery is behind. */
  private static final int BEHIND_FRACTION = 10;
  /** ...and at least this many: one slow tablet does not coarsen the room's screens. */
  private static final int BEHIND_MIN_CLIENTS = 5;
  private static final Buffer PING = Buffer.buffer("hamal");

  private final NodeServices services;
  private final LiveHub hub;
  private final LiveConfig config;
  // Linked: every batch of events walks all clients, and a linked set walks no empty buckets.
  private final Set<Subscriber> subscribers = new java.util.LinkedHashSet<>();
  private Snapshots snapshots;
  private Vertx vertx;
  private Context context;
  private long tickTimer = -1;
  private final Flocks flocks;
  private final DeliveryLoad load;
  /** Read by the node's metrics from another thread. */
  private volatile int flockCount;
  private volatile int flockedCount;
  private volatile int tickMillis;
  private long heartbeatTimer = -1;

  public LiveSockets(NodeServices services, LiveHub hub) {
    this.services = services;
    this.hub = hub;
    this.config = hub.config();
    this.flocks = new Flocks(config.maxPendingReports(), batches);
    this.load = new DeliveryLoad(
        config.deliveryShare(), config.loopSinglesPerSecond(), config.coalesceTickMillis(),
        config.maxCoalesceTickMillis(), hub::deliverySpent);
    this.tickMillis = config.coalesceTickMillis();
  }

  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.snapshots = hub.snapshots(services, vertx);
    scheduleTick();
    heartbeatTimer = vertx.setPeriodic(config.heartbeatSeconds() * 1000L, id -> heartbeat());
    hub.register(this);
    return Future.succeededFuture();
  }

  /** Upgrades an authenticated request to a live stream, unless the node is at its limit. */
  public void accept(RoutingContext ctx) {
    // Vert.x would refuse a plain GET or a broken handshake in text or with no body; the API's
    // errors are JSON.
    if (!isUpgrade(ctx.request())) {
      ctx.response().putHeader("Upgrade", "websocket");
      ErrorResponses.send(ctx, 426, "upgrade_required", "open this as a WebSocket", "Upgrade");
      return;
    }
    if (!WEBSOCKET_VERSION.equals(ctx.request().getHeader("Sec-WebSocket-Version"))) {
      ctx.response().putHeader("Sec-WebSocket-Version", WEBSOCKET_VERSION);
      ErrorResponses.send(ctx, 426, "upgrade_required", "WebSocket version 13 only", "Sec-WebSocket-Version");
      return;
    }
    String key = ctx.request().getHeader("Sec-WebSocket-Key");
    if (key == null || key.isBlank()) {
      ErrorResponses.send(ctx, 400, "malformed_header", "a WebSocket handshake needs a key", "Sec-WebSocket-Key");
      return;
    }
    Caller caller = Caller.of(ctx);
    // Before the upgrade: one caller's streams cannot take the node's whole allowance.
    String limited = caller.has(Role.ADMIN) ? null : caller.subject();
    if (limited != null && !services.limits().live().tryOpen(limited)) {
      ctx.response().putHeader("Retry-After", String.valueOf(config.backoffSeconds()));
      ErrorResponses.send(ctx, 429, "too_many_connections", "this token holds "
          + services.limits().live().perCaller() + " live streams on this node already; close one first", null);
      return;
    }
    if (!hub.tryConnect()) {
      release(limited);
      ctx.response().putHeader("Retry-After", String.valueOf(config.backoffSeconds()));
      ErrorResponses.send(ctx, 503, "overloaded", "this node has all the live clients it can take; retry later", null);
      return;
    }
    HttpConnection connection = ctx.request().connection();
    Channel channel = LivePipeline.of(connection);
    ctx.request()
        .toWebSocket()
        .onSuccess(
            socket -> {
              AccessLog.upgraded(ctx);
              LivePipeline.fit(channel, config.socketSendBufferBytes());
              Subscriber s = register(socket, caller, connection, limited);
              s.progress = SendProgress.of(channel);
            })
        .onFailure(
            err -> {
              hub.disconnected();
              release(limited);
              LOG.debug("WebSocket upgrade failed", err);
            });
  }

  /** The WebSocket protocol version (RFC 6455) Vert.x speaks. */
  private static final String WEBSOCKET_VERSION = "13";

  private static boolean isUpgrade(io.vertx.core.http.HttpServerRequest request) {
    String connection = request.getHeader("Connection");
    return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
        && connection != null
        && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
  }

  private void release(String limited) {
    if (limited != null) {
      services.limits().live().closed(limited);
    }
  }

  private Subscriber register(ServerWebSocket socket, Caller caller, HttpConnection connection, String limited) {
    long now = System.currentTimeMillis();
    Subscriber s = new Subscriber(socket, caller, LiveFilter.everything(caller), hub.lastSeq(), now);
    s.posTag = hub.tagAt(s.pos);
    s.budget = config.eventBudgetPerSecond();
    subscribers.add(s);
    socket.setWriteQueueMaxSize(config.writeQueueBytes());
    // The upgrade takes the connection over: its own close handler no longer runs, so the
    // socket's gives the connection's slot back.
    socket.closeHandler(v -> {
      forget(s);
      release(limited);
      services.connections().closed(connection);
    });
    socket.exceptionHandler(err -> socket.close());
    socket.pongHandler(pong -> s.lastHeard = System.currentTimeMillis());
    socket.textMessageHandler(text -> onMessage(s, text));
    socket.drainHandler(v -> drained(s));
    if (isRevoked(s)) {
      // Revoked between the handshake's authentication and now: closeRevoked ran before this
      // stream was among the subscribers, so it is closed here.
      revoked(s);
      return s;
    }
    if (caller.expiresAt() != null) {
      // A stream lives no longer than its token: it is closed the moment the token expires.
      s.expiryTimer = vertx.setTimer(Math.max(1, caller.expiresAt().toEpochMilli() - now), id -> expired(s));
    }
    JsonObject hello =
        new JsonObject()
            .put("type", "hello")
            .put("protocol", 1)
            .put("node", services.node().nodeId())
            .put("epoch", hub.epoch())
            .put("seq", s.pos)
            .put("layerVersion", services.layer().layer().version())
            .put("roles", new JsonArray(caller.roles().stream().map(Role::wire).toList()))
            .put("heartbeatSeconds", config.heartbeatSeconds());
    if (s.posTag != null) {
      hello.put("tag", s.posTag);
    }
    if (caller.isConfinedToDistricts()) {
      hello.put("districts", new JsonArray(caller.districts().stream().sorted().toList()));
    }
    send(s, hello);
    send(s, org.hamal.gateway.mode.ModeVerticle.message(services, services.mode().current()));
    send(s, org.hamal.gateway.alerts.AlertJson.activeMessage(services.alerts().active(), services.json(), caller));
    return s;
  }

  private void forget(Subscriber s) {
    flocks.leave(s, false);
    vertx.cancelTimer(s.expiryTimer);
    if (subscribers.remove(s)) {
      hub.disconnected();
    }
  }

  private void expired(Subscriber s) {
    if (!s.socket.isClosed()) {
      s.socket.close(TOKEN_EXPIRED, "token expired");
    }
  }

  private boolean isRevoked(Subscriber s) {
    return services.authentication().isRevoked(s.caller);
  }

  private static void revoked(Subscriber s) {
    if (!s.socket.isClosed()) {
      s.socket.close(TOKEN_EXPIRED, "token revoked");
    }
  }

  private static boolean isExpired(Subscriber s) {
    return s.caller.expiresAt() != null && !s.caller.expiresAt().isAfter(java.time.Instant.now());
  }

  // ---- from the client ----------------------------------------------------------------------

  private void onMessage(Subscriber s, String text) {
    if (isExpired(s)) {
      expired(s); // its timer may be a moment late: nothing is answered on an expired token
      return;
    }
    if (isRevoked(s)) {
      revoked(s); // nothing is answered on a revoked token, whether or not closeRevoked saw it
      return;
    }
    s.lastHeard = System.currentTimeMillis();
    if (!s.mayTalk(s.lastHeard, config.clientMessagesPerSecond(), config.clientMessageBurst())) {
      // Each message may cost the node a query: a client that floods is cut off, not served.
      error(s, "too_many_messages", "more than " + config.clientMessageBurst() + " messages at once, or "
          + config.clientMessagesPerSecond() + " a second; connect again later", null);
      s.socket.close(POLICY, "too many messages");
      return;
    }
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      error(s, "malformed_json", "a message is a JSON object", null);
      return;
    }
    switch (String.valueOf(message.getValue("type"))) {
      case "subscribe" -> subscribe(s, message);
      case "ping" -> {
        JsonObject pong = new JsonObject().put("type", "pong").put("t", message.getValue("t"));
        send(s, hasUnsent(s) ? pong : positioned(pong, s));
      }
      default -> error(s, "unknown_type", "unknown message type", "type");
    }
  }

  private void subscribe(Subscriber s, JsonObject message) {
    LiveFilter filter;
    Resume resume;
    try {
      Object f = message.getValue("filter");
      if (f != null && !(f instanceof JsonObject)) {
        throw ApiError.invalid("invalid_type", "filter must be an object", "filter");
      }
      filter =
          LiveFilter.parse(
              (JsonObject) f, s.caller, services.layer().layer(), services.config().reports().categories());
      resume = Resume.parse(message.getValue("resume"));
      s.budget = budget(message);
      s.alwaysCoalesce = Boolean.TRUE.equals(message.getValue("coalesce"));
    } catch (ApiError e) {
      error(s, e.code(), e.getMessage(), e.field());
      return;
    }
    if (!filter.toJson().equals(s.filter.toJson())) {
      // Escalations of another filter's reports were never offered: none is known to be raised.
      s.escalatedUpTo = -1;
      s.escalationsOfThisFilter = false;
    }
    s.filter = filter;
    syncing(s);
    if (resume == null) {
      snapshot(s, "subscribed");
    } else if (!resume.epoch().equals(hub.epoch())) {
      snapshot(s, "epoch_changed");
    } else if (resume.seq() > hub.lastSeq()) {
      snapshot(s, "unknown_sequence");
    } else if (resume.tag() == null) {
      resumeFrom(s, resume.seq(), hub.tagAt(resume.seq()));
    } else if (hub.holds(resume.seq())) {
      resumeIfSame(s, resume, hub.tagAt(resume.seq()));
    } else {
      // This node no longer holds (or never read) the entry at the client's position: the log
      // says which entry is there.
      Object ask = new Object();
      s.snapshotAsk = ask;
      hub.events()
          .tagAt(context, resume.seq())
          .onComplete(
              at -> {
                if (s.snapshotAsk != ask) {
                  return; // it subscribed again meanwhile
                }
                if (at.succeeded()) {
                  resumeIfSame(s, resume, at.result());
                } else {
                  snapshot(s, "too_far_behind"); // gone from the log, or not answered in time
                }
              });
    }
  }

  /**
   * Resumes a client whose position names the entry the log holds there. Another entry there means
   * the client read one that no surviving copy of the log holds (a member died before its backup
   * had it) and whose sequence went to another entry: what it has and what follows do not join,
   * so it gets a snapshot.
   */
  private void resumeIfSame(Subscriber s, Resume resume, String tagInLog) {
    if (resume.tag().equals(tagInLog)) {
      resumeFrom(s, resume.seq(), resume.tag());
    } else {
      snapshot(s, "diverged");
    }
  }

  /** The client is about to be brought up to date: nothing it was being sent still applies. */
  private void syncing(Subscriber s) {
    flocks.leave(s, false);
    s.mode = Subscriber.Mode.SYNCING;
    // An answer to an earlier subscribe, or the rest of its snapshot's pages, is not this one's.
    s.snapshotAsk = null;
    s.snapshotWaiting = null;
    s.onDrain = null;
    s.pending.clear();
    s.needsSnapshot = false;
    s.snapshotVersions = null;
  }

  /** The client may ask for fewer single events per second than the node allows, not more. */
  private int budget(JsonObject message) {
    Object asked = message.getValue("maxEventsPerSecond");
    if (asked == null) {
      return config.eventBudgetPerSecond();
    }
    if (!(asked instanceof Integer n) || n < 1) {
      throw ApiError.invalid("out_of_range", "maxEventsPerSecond is a positive integer", "maxEventsPerSecond");
    }
    return Math.min(n, config.eventBudgetPerSecond());
  }

  private void resumeFrom(Subscriber s, long seq, String tag) {
    NavigableMap<Long, LiveEvent> missed = hub.after(seq);
    if (missed == null) {
      // Older than this node's window: read the cluster's log, or snapshot when it is gone too.
      Object ask = new Object();
      s.snapshotAsk = ask;
      snapshots
          .readLog(context, seq)
          .onSuccess(events -> {
            if (s.snapshotAsk != ask || !subscribers.contains(s)) {
              return; // it subscribed again meanwhile, or is gone
            }
            if (events == null) {
              snapshot(s, "too_far_behind");
            } else {
              subscribed(s, "resume", "resumed", seq, tag);
              s.pos = seq;
              s.posTag = tag;
              s.mode = Subscriber.Mode.LIVE;
              events.forEach(e -> offer(s, e, System.currentTimeMillis()));
              catchUp(s);
            }
          })
          .onFailure(err -> {
            if (s.snapshotAsk == ask && subscribers.contains(s)) {
              snapshot(s, "too_far_behind");
            }
          });
      return;
    }
    subscribed(s, "resume", "resumed", seq, tag);
    s.pos = seq;
    s.posTag = tag;
    s.mode = Subscriber.Mode.LIVE;
    catchUp(s);
  }

  private void snapshot(Subscriber s, String reason) {
    s.mode = Subscriber.Mode.SYNCING;
    Object ask = new Object();
    s.snapshotAsk = ask;
    if (s.snapshotQuerying) {
      // One query per client at a time: asks superseded while it runs cost nothing; the newest
      // is taken once it is done.
      s.snapshotWaiting = reason;
      return;
    }
    query(s, reason, ask);
  }

  private void query(Subscriber s, String reason, Object ask) {
    s.snapshotQuerying = true;
    InFlight.Shared<Snapshots.Taken> shared = snapshots.take(vertx, s.filter, hub.lastSeq());
    // Taken on whichever event loop asked first: back to this client's own.
    shared.result().onComplete(taken -> context.runOnContext(v -> {
      s.snapshotQuerying = false;
      String waiting = s.snapshotWaiting;
      s.snapshotWaiting = null;
      if (waiting != null && s.snapshotAsk != ask && s.snapshotAsk != null && subscribers.contains(s)) {
        query(s, waiting, s.snapshotAsk);
        return;
      }
      snapshotTaken(s, reason, ask, shared);
    }));
  }

  private void snapshotTaken(Subscriber s, String reason, Object ask, InFlight.Shared<Snapshots.Taken> shared) {
    if (shared.result().failed()) {
      if (s.snapshotAsk == ask) {
        LOG.warn("Snapshot failed", shared.result().cause());
        error(s, "unavailable", "the snapshot could not be taken; subscribe again", null);
      }
      return;
    }
    // Gone, closing, or asked again since (another filter): this snapshot is not its own.
    if (!subscribers.contains(s) || s.snapshotAsk != ask || s.socket.isClosed()) {
      return;
    }
    try {
      sendSnapshot(s, reason, shared);
    } catch (RuntimeException e) {
      // Other clients share this snapshot: one client's failure must not stop theirs.
      LOG.warn("Sending a snapshot failed; closing the client", e);
      s.socket.close();
    }
  }

  private void sendSnapshot(Subscriber s, String reason, InFlight.Shared<Snapshots.Taken> shared) {
    Snapshots.Taken taken = shared.result().result();
    long asOf = shared.asOf();
    if (hub.after(asOf) == null) {
      // The window moved past it while querying, or while it was shared: take a new one.
      snapshots.stale(taken.filter(), shared);
      snapshot(s, reason);
      return;
    }
    String tag = hub.tagAt(asOf);
    subscribed(s, "snapshot", reason, asOf, tag);
    snapshots.send(s, taken, asOf, tag, () -> {
      s.snapshotVersions = taken.versions();
      s.snapshotTail = taken.tail();
      // A shared snapshot's position may be behind what this client was sent: the report
      // changes in between are in the snapshot or skipped by version, and the escalations it
      // already raised are not raised again.
      if (s.escalationsOfThisFilter) {
        s.escalatedUpTo = Math.max(s.escalatedUpTo, s.pos);
      }
      s.escalationsOfThisFilter = true;
      s.pos = asOf;
      s.posTag = tag;
      s.mode = Subscriber.Mode.LIVE;
      catchUp(s);
    });
  }

  private void subscribed(Subscriber s, String mode, String reason, long seq, String tag) {
    JsonObject message =
        new JsonObject()
            .put("type", "subscribed")
            .put("mode", mode)
            .put("reason", reason)
            .put("epoch", hub.epoch())
            .put("seq", seq);
    if (tag != null) {
      message.put("tag", tag);
    }
    message.put("resumeToken", Resume.token(hub.epoch(), seq, tag)).put("filter", s.filter.toJson());
    JsonArray patrollers = hub.patrollersFor(s.caller);
    if (patrollers != null) {
      message.put("patrollers", patrollers);
    }
    send(s, message);
  }

  /** Adds the client's position to a message: its sequence and the tag of the entry there. */
  private static JsonObject positioned(JsonObject message, Subscriber s) {
    message.put("seq", s.pos);
    if (s.posTag != null) {
      message.put("tag", s.posTag);
    }
    return message;
  }

  /** Sends what the window holds beyond the client's position. */
  private void catchUp(Subscriber s) {
    NavigableMap<Long, LiveEvent> missed = hub.after(s.pos);
    if (missed == null) {
      snapshot(s, "too_far_behind");
      return;
    }
    long start = s.pos;
    long now = System.currentTimeMillis();
    for (LiveEvent e : missed.values()) {
      offer(s, e, now);
    }
    // The feed trims the window's oldest events while this walks it: a walk that began at the
    // window's edge may have skipped some. Then the client's picture is rebuilt.
    if (hub.after(start) == null) {
      snapshot(s, "too_far_behind");
    }
  }

  // ---- from the feed ------------------------------------------------------------------------

  /**
   * Sends a message to the clients of this verticle whose caller {@code to} admits, from any
   * thread. A client whose write queue is full is skipped, unless {@code always}: the patrollers'
   * positions are superseded by the next and listed again in its next {@code subscribed}, but a
   * rocket alert or its all-clear is never sent again (and is small and rare).
   */
  void broadcast(ByteBuf frame, java.util.function.Predicate<Caller> to, boolean always) {
    context.runOnContext(
        v -> {
          for (Subscriber s : subscribers) {
            if (!s.socket.isClosed() && (always || !s.socket.writeQueueFull()) && to.test(s.caller)) {
              s.socket.writeFrame(Frames.text(frame));
            }
          }
        });
  }

  /**
   * Closes the streams of a revoked token, as for an expired one ({@code 4001}: a new token, then
   * resume), from any thread.
   */
  void closeRevoked(String tokenId) {
    context.runOnContext(
        v -> {
          for (Subscriber s : new ArrayList<>(subscribers)) {
            if (tokenId.equals(s.caller.tokenId())) {
              revoked(s);
            }
          }
        });
  }

  /**
   * The heat layer to every client, of the districts its filter reaches (a patroller's are its
   * own), like the counts; encoded once per set of districts.
   */
  void sendHeat() {
    context.runOnContext(
        v -> {
          long began = load.begin();
          Map<Set<String>, ByteBuf> frames = new HashMap<>();
          for (Subscriber s : subscribers) {
            if (s.socket.isClosed()) {
              continue; // its close handler forgets it
            }
            ByteBuf frame = frames.computeIfAbsent(s.filter.districts(), d -> Frames.encode(hub.heat(d).encode()));
            s.socket.writeFrame(Frames.text(frame));
          }
          load.end(began);
        });
  }

  /**
   * The feed found that the log holds other entries from {@code from} on than it had handed out
   * ({@link LiveHub#rewind}): every client that may have been sent one, or is being brought up to
   * date, gets a fresh snapshot. From any thread.
   */
  void diverged(long from) {
    context.runOnContext(
        v -> {
          for (Subscriber s : new ArrayList<>(subscribers)) {
            long at = s.flock != null ? s.flock.pos : s.pos; // a member's own moves only at ticks
            if (!s.socket.isClosed() && (at >= from || s.mode == Subscriber.Mode.SYNCING)) {
              syncing(s);
              snapshot(s, "diverged");
            }
          }
        });
  }

  /** Called by the feed's thread: continues on this verticle's event loop. */
  void dispatch(List<LiveEvent> batch) {
    context.runOnContext(v -> deliver(batch));
  }

  /** Completes, with the number of clients, once every batch dispatched before is delivered. */
  Future<Integer> delivered() {
    Promise<Integer> done = Promise.promise();
    context.runOnContext(v -> done.complete(subscribers.size()));
    return done.future();
  }

  /**
   * The fan-out benchmark's baseline: {@code n} copies of one frame to every client, with no
   * filter, budget or coalescing, but waiting for a full send buffer to drain as the real path
   * must. Completes with the number of clients once every copy is handed to the network.
   */
  Future<Integer> writeBare(ByteBuf frame, int n) {
    Promise<Integer> done = Promise.promise();
    context.runOnContext(
        v -> {
          List<Future<Void>> all = new ArrayList<>(subscribers.size());
          for (Subscriber s : subscribers) {
            Promise<Void> written = Promise.promise();
            all.add(written.future());
            writeBare(s, frame, n, written);
          }
          Future.join(all).onComplete(x -> done.complete(all.size()));
        });
    return done.future();
  }

  private void writeBare(Subscriber s, ByteBuf frame, int left, Promise<Void> written) {
    if (s.socket.isClosed()) {
      written.complete();
      return;
    }
    int n = left;
    while (n > 0 && !s.socket.writeQueueFull()) {
      s.socket.writeFrame(Frames.text(frame));
      n--;
    }
    if (n == 0) {
      written.complete();
    } else {
      int rest = n;
      s.onDrain = () -> writeBare(s, frame, rest, written);
    }
  }

  private void deliver(List<LiveEvent> batch) {
    long began = load.begin();
    long now = System.currentTimeMillis();
    flocks.offer(batch);
    for (Subscriber s : subscribers) {
      if (s.mode == Subscriber.Mode.SYNCING || s.flock != null) {
        continue; // it reads these from the window when it is in sync; its flock has them
      }
      if (s.socket.isClosed()) {
        continue; // its close handler forgets it; writeQueueFull() would throw
      }
      for (LiveEvent e : batch) {
        offer(s, e, now);
      }
    }
    load.end(began);
  }

  private void offer(Subscriber s, LiveEvent e, long now) {
    if (!e.synthetic) {
      if (e.seq <= s.pos) {
        return;
      }
      s.pos = e.seq;
      s.posTag = e.tag;
    }
    LiveFilter.Effect effect = s.filter.effectOf(e);
    if (effect == LiveFilter.Effect.NONE) {
      return;
    }
    if (effect == LiveFilter.Effect.ESCALATE) {
      if (e.seq > s.escalatedUpTo) {
        if (s.mode == Subscriber.Mode.COALESCED && !s.pending.isEmpty() && !s.needsSnapshot) {
          flush(s); // what waits goes first: the escalation's position must not pass it
        }
        // Never coalesced away: an overdue report must reach every screen that shows it.
        s.socket.writeFrame(Frames.text(e.frame(s.personal)));
      }
      return;
    }
    boolean remove = effect == LiveFilter.Effect.REMOVE;
    if (e.isReportChange() && s.alreadySent(e)) {
      return;
    }
    // Counted in every mode, so a coalesced client's offered rate decides when it goes live again.
    boolean overBudget = s.overBudget(now, s.budget);
    boolean coalesce =
        s.mode == Subscriber.Mode.COALESCED
            || s.alwaysCoalesce
            || hub.coalescingAll()
            || load.pressed()
            || overBudget
            || s.socket.writeQueueFull();
    if (coalesce) {
      coalesce(s, e, remove);
      return;
    }
    ByteBuf frame =
        remove && e.kind == org.hamal.cluster.events.ReportEvents.Kind.UPDATED ? e.removedFrame() : e.frame(s.personal);
    s.socket.writeFrame(Frames.text(frame));
    load.single();
  }

  private void coalesce(Subscriber s, LiveEvent e, boolean remove) {
    s.mode = Subscriber.Mode.COALESCED;
    s.calmTicks = 0;
    if (s.needsSnapshot) {
      return;
    }
    if (!s.pending.put(e, remove, config.maxPendingReports())) {
      s.needsSnapshot = true; // memory stays bounded: a fresh snapshot once it reads again
    }
  }

  private void drained(Subscriber s) {
    // Heard, as by SendProgress; kept for a connection whose channel is not reachable.
    s.lastHeard = System.currentTimeMillis();
    Runnable waiting = s.onDrain;
    if (waiting != null) {
      s.onDrain = null;
      waiting.run();
    } else if (s.mode == Subscriber.Mode.COALESCED) {
      flush(s);
    }
  }

  // ---- timers -------------------------------------------------------------------------------

  private void scheduleTick() {
    tickTimer = vertx.setTimer(load.tickMillis(), id -> {
      try {
        tick();
      } finally {
        scheduleTick(); // one client's failure must not stop the loop's ticks
      }
    });
  }

  private void tick() {
    long began = load.begin();
    long now = System.currentTimeMillis();
    flocks.tick(this::coalescedForAWhile, this::flush);
    int full = 0;
    for (Subscriber s : new ArrayList<>(subscribers)) {
      // A socket closed but not yet forgotten (its close handler comes later) would throw.
      if (s.flock != null || s.socket.isClosed() || s.mode != Subscriber.Mode.COALESCED) {
        continue;
      }
      if (s.socket.writeQueueFull()) {
        full++;
        continue;
      }
      flush(s);
      if (s.snapshotVersions != null && s.pos > s.snapshotTail) {
        s.snapshotVersions = null; // everything the snapshot could hold has gone past
      }
      if (flockable(s)) {
        flocks.join(s);
        continue;
      }
      boolean calm = s.recentRate(now) < s.budget;
      s.calmTicks = calm ? s.calmTicks + 1 : 0;
      if (s.calmTicks >= CALM_TICKS_TO_GO_LIVE
          && !s.alwaysCoalesce
          && !hub.coalescingAll()
          && !load.pressed()
          && s.mode == Subscriber.Mode.COALESCED) {
        s.mode = Subscriber.Mode.LIVE;
      }
    }
    if (full >= Math.max(BEHIND_MIN_CLIENTS, subscribers.size() / BEHIND_FRACTION)) {
      load.behind();
    }
    load.end(began);
    flockCount = flocks.size();
    flockedCount = flocks.members();
    tickMillis = load.tickMillis();
  }

  /**
   * Whether a coalesced client, just flushed, may join its flock: it is to be coalesced for a
   * while (it asked, the city is in an emergency, or delivery is pressed), and nothing of its own
   * is under way (a snapshot due or being paged, versions of a snapshot to skip).
   */
  private boolean flockable(Subscriber s) {
    return coalescedForAWhile(s)
        && s.mode == Subscriber.Mode.COALESCED // a flush may have started a snapshot
        && s.pending.isEmpty()
        && !s.needsSnapshot
        && s.snapshotVersions == null
        && s.onDrain == null
        && s.escalationsOfThisFilter
        && !s.socket.writeQueueFull();
  }

  /** It asked for batches only, the city is in an emergency, or delivery is pressed. */
  private boolean coalescedForAWhile(Subscriber s) {
    return s.alwaysCoalesce || hub.coalescingAll() || load.pressed();
  }

  /** Changes past the client's position wait for it: its position is not yet what it was sent. */
  private static boolean hasUnsent(Subscriber s) {
    return s.flock == null && s.mode == Subscriber.Mode.COALESCED && (!s.pending.isEmpty() || s.needsSnapshot);
  }

  /** What a flock's batch takes from the node. */
  private final Flocks.Batches batches = new Flocks.Batches() {
    @Override
    public int minMarker(boolean confined) {
      return LiveSockets.this.minMarker(confined);
    }

    @Override
    public int incidentFoldBelow(boolean confined) {
      return LiveSockets.this.incidentFoldBelow(confined);
    }

    @Override
    public JsonObject counts(LiveFilter filter) {
      return hub.counts(filter);
    }
  };

  /**
   * In an emergency a map gets single markers only for the urgent; the rest are in the counts,
   * the heat layer and their incidents. A patroller's stream is their few districts' work queue,
   * not a city map: it keeps every report.
   */
  private int minMarker(boolean confined) {
    return hub.coalescingAll() && !confined ? services.config().emergency().markerMinPriority() : 0;
  }

  /**
   * While delivery is pressed in an emergency, a map shows an incident's reports below life
   * safety as the incident (its count and highest priority), not as a marker each; the ops page
   * then draws from counts, incidents and heat, and subscribes afresh when the emergency ends. A
   * patroller's queue keeps every report, and life safety is always a marker.
   */
  private int incidentFoldBelow(boolean confined) {
    return load.pressed() && hub.coalescingAll() && !confined
        ? services.config().admission().lifeSafetyPriority() : 0;
  }

  int flocks() {
    return flockCount;
  }

  int tickMillis() {
    return tickMillis;
  }

  int flocked() {
    return flockedCount;
  }

  private void flush(Subscriber s) {
    if (s.needsSnapshot) {
      s.needsSnapshot = false;
      snapshot(s, "caught_up");
      return;
    }
    if (s.pending.isEmpty()) {
      return;
    }
    boolean confined = s.caller.isConfinedToDistricts();
    BatchFrame batch = s.pending.drain(minMarker(confined), s.personal, incidentFoldBelow(confined));
    s.socket.writeFrame(Frames.text(batch.build(s.pos, s.posTag, hub.counts(s.filter))));
  }

  private void heartbeat() {
    long now = System.currentTimeMillis();
    long deadline = now - config.deadAfterSeconds() * 1000L;
    for (Subscriber s : new ArrayList<>(subscribers)) {
      if (s.socket.isClosed()) {
        continue; // closing: its close handler forgets it (and its queue state may throw)
      }
      if (s.progress != null && s.progress.readSinceLastLook()) {
        s.lastHeard = now;
      }
      if (s.lastHeard < deadline) {
        forget(s);
        hub.dropped(false);
        s.socket.close(POLICY, "no heartbeat");
        continue;
      }
      // Reading, but far slower than it is sent to: what it holds here is bounded in time too.
      if (!s.socket.writeQueueFull()) {
        s.fullSince = -1;
      } else if (s.fullSince < 0) {
        s.fullSince = now;
      } else if (now - s.fullSince >= config.slowReaderSeconds() * 1000L) {
        forget(s);
        hub.dropped(true);
        s.socket.close(POLICY, "too slow");
        continue;
      }
      if (s.snapshotVersions != null && s.pos > s.snapshotTail) {
        s.snapshotVersions = null; // everything the snapshot could hold has gone past
      }
      if (s.flock == null && s.mode == Subscriber.Mode.COALESCED && !s.pending.isEmpty()
          && !s.socket.writeQueueFull()) {
        flush(s);
      }
      s.socket.writePing(PING);
      if (hasUnsent(s)) {
        // Its position (and resume token) must not run ahead of what was sent; it has not read
        // its last messages yet anyway.
        continue;
      }
      send(
          s,
          positioned(new JsonObject().put("type", "heartbeat").put("epoch", hub.epoch()), s)
              .put("resumeToken", Resume.token(hub.epoch(), s.pos, s.posTag))
              .put("mode", s.mode == Subscriber.Mode.COALESCED ? "coalesced" : "live"));
    }
  }

  // ---- out ----------------------------------------------------------------------------------

  void send(Subscriber s, JsonObject message) {
    s.socket.writeTextMessage(message.encode());
  }

  private void error(Subscriber s, String code, String message, String field) {
    send(
        s,
        new JsonObject()
            .put("type", "error")
            .put("code", code)
            .put("message", message)
            .put("field", field));
  }

  /** Tells every client to go elsewhere (the node is stopping), and stops the timers. */
  public Future<Void> stop() {
    hub.unregister(this);
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(heartbeatTimer);
    List<Future<Void>> closing = new ArrayList<>();
    for (Subscriber s : subscribers) {
      send(s, new JsonObject().put("type", "backoff").put("retryAfterMs", 0).put("reason", "node stopping"));
      closing.add(s.socket.close(GOING_AWAY, "node shutting down"));
      hub.disconnected();
    }
    subscribers.clear();
    return Future.join(closing).mapEmpty();
  }
}
