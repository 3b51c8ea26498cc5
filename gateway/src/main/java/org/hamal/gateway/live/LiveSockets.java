package org.hamal.gateway.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hamal.cluster.Addresses;
import org.hamal.cluster.ReportJson;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.CurrentLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket clients of one server verticle, and the push of new reports to them. Every
 * report created on any node reaches this verticle once over the clustered event bus; it is
 * encoded at most twice (with and without personal data) and written to each client whose token
 * reaches its district. All state is confined to the verticle's event loop.
 */
public final class LiveSockets {

  private static final Logger LOG = LoggerFactory.getLogger(LiveSockets.class);

  /** WebSocket close code 1013, "Try Again Later": the client could not keep up. */
  private static final short TRY_AGAIN_LATER = 1013;
  /** WebSocket close code 1001, "Going Away": this node is shutting down. */
  private static final short GOING_AWAY = 1001;

  private record Subscriber(ServerWebSocket socket, Caller caller) {}

  private final Set<Subscriber> subscribers = new HashSet<>();
  private final String nodeId;
  private final CurrentLayer layer;
  private MessageConsumer<JsonObject> consumer;

  public LiveSockets(String nodeId, CurrentLayer layer) {
    this.nodeId = nodeId;
    this.layer = layer;
  }

  /** Subscribes to new reports cluster-wide. */
  public Future<Void> start(Vertx vertx) {
    consumer = vertx.eventBus().consumer(Addresses.REPORT_CREATED, this::onReportCreated);
    return consumer.completion();
  }

  /** Upgrades an authenticated request to a live stream. */
  public void accept(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> register(socket, caller))
        .onFailure(err -> LOG.debug("WebSocket upgrade failed", err));
  }

  private void register(ServerWebSocket socket, Caller caller) {
    Subscriber subscriber = new Subscriber(socket, caller);
    subscribers.add(subscriber);
    socket.closeHandler(v -> subscribers.remove(subscriber));
    socket.exceptionHandler(err -> socket.close());
    socket.textMessageHandler(text -> {}); // the client speaks in a later protocol version
    JsonObject hello =
        new JsonObject()
            .put("type", "hello")
            .put("node", nodeId)
            .put("layerVersion", layer.layer().version())
            .put("roles", new JsonArray(caller.roles().stream().map(Role::wire).toList()));
    if (caller.isConfinedToDistricts()) {
      hello.put("districts", new JsonArray(caller.districts().stream().sorted().toList()));
    }
    socket.writeTextMessage(hello.encode());
  }

  private void onReportCreated(Message<JsonObject> message) {
    JsonObject report = message.body();
    String district = report.getString("district");
    String full = null;
    String withoutPersonal = null;
    for (Subscriber s : new ArrayList<>(subscribers)) {
      if (!s.caller.reaches(district)) {
        continue;
      }
      String frame;
      if (s.caller.seesPersonalData()) {
        frame = full != null ? full : (full = envelope(report));
      } else {
        frame =
            withoutPersonal != null
                ? withoutPersonal
                : (withoutPersonal = envelope(ReportJson.withoutPersonalData(report)));
      }
      send(s, frame);
    }
  }

  private void send(Subscriber s, String frame) {
    if (s.socket.writeQueueFull()) {
      // Bounded memory per client: one that stops reading is dropped and reconnects.
      subscribers.remove(s);
      s.socket.close(TRY_AGAIN_LATER, "too slow");
      return;
    }
    s.socket.writeTextMessage(frame);
  }

  private static String envelope(JsonObject report) {
    return new JsonObject().put("type", "report.created").put("report", report).encode();
  }

  /** Closes every client with "going away" so they reconnect to another node. */
  public Future<Void> stop() {
    List<Future<Void>> closing = new ArrayList<>();
    for (Subscriber s : subscribers) {
      closing.add(s.socket.close(GOING_AWAY, "node shutting down"));
    }
    subscribers.clear();
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return Future.join(closing).transform(ar -> unregistered);
  }
}
