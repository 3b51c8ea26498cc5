package org.hamal.surge.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hamal.surge.audit.AuditResult;
import org.hamal.surge.audit.Ledger;
import org.hamal.surge.audit.Scope;
import org.hamal.surge.load.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscriber the server drops reconnects, to the next node, and resumes where its picture was
 * whole, against servers that play the protocol's part (docs/live-protocol.md) connection by
 * connection.
 */
class SubscriberTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aDroppedSubscriberResumesFromItsLastWholePositionAndASnapshotIsNoDuplicate() throws Exception {
    List<JsonObject> subscribes = new CopyOnWriteArrayList<>();
    List<String> servedBy = new CopyOnWriteArrayList<>();
    AtomicInteger connections = new AtomicInteger();
    // Two nodes of one cluster: one log, so a client resumes on either.
    List<URI> nodes = new java.util.ArrayList<>();
    for (String node : List.of("A", "B")) {
      HttpServer server = vertx.createHttpServer()
          .webSocketHandler(ws -> {
            servedBy.add(node);
            play(ws, connections.incrementAndGet(), subscribes);
          })
          .listen(0, "127.0.0.1")
          .await(10, TimeUnit.SECONDS);
      nodes.add(URI.create("http://127.0.0.1:" + server.actualPort()));
    }

    Ledger ledger = new Ledger(System::nanoTime, latency -> {});
    Scope barnea = new Scope(Set.of("barnea"), null);
    int index = ledger.addSubscriber("s01", barnea);
    for (String id : List.of("a", "b", "c", "d", "e")) {
      ledger.acked(id, "barnea", "fire", System.nanoTime());
    }
    Metrics metrics = new Metrics();
    Subscriber subscriber = new Subscriber("s01", nodes, 0, "t", barnea, metrics);
    subscriber.attach(ledger, index);
    WebSocketClient client = vertx.createWebSocketClient();
    subscriber.connect(vertx, client, 10_000).await(10, TimeUnit.SECONDS);

    assertThat(ledger.awaitDeliveries(TimeUnit.SECONDS.toNanos(20), TimeUnit.SECONDS.toNanos(30)))
        .isEqualTo(Ledger.DrainReason.COMPLETE);
    AuditResult audit = ledger.audit(Set.of(), Map.of());
    assertThat(audit.missingDeliveries()).isZero();
    // "a" came as a delta, then in a snapshot, then updated in a batch; "e" only updated in one.
    assertThat(audit.duplicateDeliveries()).isZero();
    // The first subscription asks for a snapshot; the second resumes after the heartbeat's seq
    // (the last whole position), the third after the resumed delta's, in the epoch they belong to,
    // each naming the entry there by its tag.
    assertThat(subscribes).hasSize(3);
    assertThat(subscribes.get(0).containsKey("resume")).isFalse();
    assertThat(subscribes.get(0).getJsonObject("filter").getJsonArray("districts").getList()).containsExactly("barnea");
    assertThat(subscribes.get(1).getJsonObject("resume"))
        .isEqualTo(new JsonObject().put("epoch", "e1").put("seq", 12).put("tag", "t12"));
    assertThat(subscribes.get(2).getJsonObject("resume"))
        .isEqualTo(new JsonObject().put("epoch", "e1").put("seq", 13).put("tag", "t13"));
    assertThat(subscriber.reconnects()).isEqualTo(2);
    assertThat(servedBy).containsExactly("A", "B", "A"); // the next node each time
    assertThat(subscriber.node()).isEqualTo(nodes.get(0));
    assertThat(subscriber.resumed()).isEqualTo(1);
    assertThat(metrics.errorKinds()).containsEntry("subscriber_resumed", 1L)
        .containsEntry("subscriber_snapshot_epoch_changed", 1L).containsEntry("subscriber_closed_1008", 1L);
    subscriber.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aBatchsFoldedIdsReachTheLedgerAsDeliveries() throws Exception {
    URI node = serve(ws -> {
      ws.writeTextMessage(hello(1));
      // An emergency's map: the fire as a marker, the pothole and the roads report folded.
      ws.writeTextMessage(new JsonObject().put("type", "batch").put("seq", 4).put("tag", "t4")
          .put("reports", List.of(report("a").put("version", 1))).put("removed", List.of())
          .put("incidents", List.of()).put("incidentsClosed", List.of()).put("folded", List.of("b", "c"))
          .put("counts", new JsonObject().put("barnea", 3)).encode());
    });
    Ledger ledger = new Ledger(System::nanoTime, latency -> {});
    int index = ledger.addSubscriber("s01", Scope.EVERYTHING);
    Subscriber subscriber = drained(node, Scope.EVERYTHING, ledger, index, "a", "b", "c");

    AuditResult audit = ledger.audit(Set.of(), Map.of());
    assertThat(audit.passed()).isTrue();
    assertThat(audit.deliveredFolded()).isEqualTo(2);
    assertThat(subscriber.folded()).isEqualTo(2);
    subscriber.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void whatASharedSnapshotsCatchUpSendsAgainIsNoDuplicateButARepeatAfterItIs() throws Exception {
    URI node = serve(ws -> {
      ws.writeTextMessage(hello(10));
      ws.textMessageHandler(text -> {
        ws.writeTextMessage(subscribed("snapshot", "subscribed", "e1", 10));
        ws.writeTextMessage(snapshot(10));
        ws.writeTextMessage(created(11, "a"));
        ws.writeTextMessage(created(12, "b"));
        // It fell behind; the snapshot it is given was taken for another screen at 10.
        ws.writeTextMessage(subscribed("snapshot", "caught_up", "e1", 10));
        ws.writeTextMessage(snapshot(10));
        ws.writeTextMessage(created(11, "a"));
        ws.writeTextMessage(created(12, "b"));
        ws.writeTextMessage(new JsonObject().put("type", "batch").put("seq", 14).put("tag", "t14")
            .put("reports", List.of(report("a").put("version", 1), report("c").put("version", 1))).encode());
        ws.writeTextMessage(created(15, "d"));
        ws.writeTextMessage(created(15, "d")); // a repeat past the snapshot's catch-up
        ws.writeTextMessage(created(16, "e")); // in order after it: the drain ends here
      });
    });
    Ledger ledger = new Ledger(System::nanoTime, latency -> {});
    Scope barnea = new Scope(Set.of("barnea"), null);
    int index = ledger.addSubscriber("s01", barnea);
    Subscriber subscriber = drained(node, barnea, ledger, index, "a", "b", "c", "d", "e");

    AuditResult audit = ledger.audit(Set.of(), Map.of());
    assertThat(audit.missingDeliveries()).isZero();
    assertThat(audit.duplicates()).containsExactly(new AuditResult.Duplicate("s01", "d", 2));
    assertThat(subscriber.snapshots()).isEqualTo(1);
    subscriber.close().await(10, TimeUnit.SECONDS);
  }

  /** A node that plays {@code play} on every connection. */
  private URI serve(io.vertx.core.Handler<ServerWebSocket> play) throws Exception {
    HttpServer server = vertx.createHttpServer().webSocketHandler(play).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** A subscriber of {@code node} once every one of {@code acked} (in barnea) has reached it. */
  private Subscriber drained(URI node, Scope scope, Ledger ledger, int index, String... acked) throws Exception {
    for (String id : acked) {
      ledger.acked(id, "barnea", "fire", System.nanoTime());
    }
    Subscriber subscriber = new Subscriber("s01", List.of(node), 0, "t", scope, new Metrics());
    subscriber.attach(ledger, index);
    subscriber.connect(vertx, vertx.createWebSocketClient(), 10_000).await(10, TimeUnit.SECONDS);
    assertThat(ledger.awaitDeliveries(TimeUnit.SECONDS.toNanos(20), TimeUnit.SECONDS.toNanos(30)))
        .isEqualTo(Ledger.DrainReason.COMPLETE);
    return subscriber;
  }

  private static String hello(long seq) {
    return new JsonObject().put("type", "hello").put("epoch", "e1").put("seq", seq).put("roles", List.of("display")).encode();
  }

  /** Connection 1 drops the client mid-stream, 2 resumes it, 3 is a restarted cluster's log. */
  private static void play(ServerWebSocket ws, int connection, List<JsonObject> subscribes) {
    String epoch = connection == 3 ? "e2" : "e1";
    ws.writeTextMessage(new JsonObject().put("type", "hello").put("epoch", epoch).put("seq", connection == 3 ? 0 : 10 * connection)
        .put("roles", List.of("display")).encode());
    if (connection == 2) {
      // The hello's stream, before the subscription is answered: the resume restates it.
      ws.writeTextMessage(created(21, "a"));
    }
    ws.textMessageHandler(text -> {
      JsonObject subscribe = new JsonObject(text);
      subscribes.add(subscribe);
      switch (connection) {
        case 1 -> {
          ws.writeTextMessage(subscribed("snapshot", "subscribed", epoch, 10));
          ws.writeTextMessage(snapshot(10, "old"));
          ws.writeTextMessage(created(11, "a"));
          ws.writeTextMessage(new JsonObject().put("type", "heartbeat").put("epoch", epoch).put("seq", 12).put("tag", "t12").encode());
          ws.close((short) 1008, "silent too long");
        }
        case 2 -> {
          ws.writeTextMessage(subscribed("resume", "resumed", epoch, 12));
          ws.writeTextMessage(created(13, "b"));
          // A snapshot page that is not the last gives no position to resume from.
          ws.writeTextMessage(new JsonObject().put("type", "snapshot").put("seq", 40).put("last", false)
              .put("reports", List.of()).encode());
          ws.close((short) 1001, "going away");
        }
        default -> {
          ws.writeTextMessage(subscribed("snapshot", "epoch_changed", epoch, 5));
          ws.writeTextMessage(snapshot(5, "a", "c"));
          ws.writeTextMessage(created(6, "d"));
          ws.writeTextMessage(new JsonObject().put("type", "batch").put("seq", 8).put("tag", "t8")
              .put("reports", List.of(report("a").put("version", 2), report("e").put("version", 2))).encode());
        }
      }
    });
  }

  private static String subscribed(String mode, String reason, String epoch, long seq) {
    return new JsonObject().put("type", "subscribed").put("mode", mode).put("reason", reason).put("epoch", epoch)
        .put("seq", seq).encode();
  }

  private static String snapshot(long seq, String... ids) {
    return new JsonObject().put("type", "snapshot").put("seq", seq).put("page", 1).put("pages", 1).put("last", true)
        .put("reports", java.util.Arrays.stream(ids).map(SubscriberTest::report).toList()).encode();
  }

  private static String created(long seq, String id) {
    return new JsonObject().put("type", "report.created").put("seq", seq).put("tag", "t" + seq).put("report", report(id))
        .encode();
  }

  private static JsonObject report(String id) {
    return new JsonObject().put("id", id).put("district", "barnea").put("category", "fire");
  }
}
