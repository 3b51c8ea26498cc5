package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.hamal.cluster.report.Reports;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The live protocol against one real node: snapshot, deltas, filters, roles, resume, limits. */
class LiveProtocolIT {

  static final String NEOT =
      "{\"category\":\"hazard\",\"description\":\"עמוד חשמל\",\"location\":{\"lon\":34.5712,\"lat\":31.6688},"
          + "\"reporter\":{\"name\":\"דנה\",\"phone\":\"050-1234567\"}}";
  static final String SHIMSHON = NEOT.replace("34.5712", "34.545").replace("31.6688", "31.655");
  static final String FIRE_IN_BARNEA =
      NEOT.replace("hazard", "fire").replace("34.5712", "34.5737").replace("31.6688", "31.6879");

  @RegisterExtension
  static final RunningNode node =
      RunningNode.extension()
          .withConfig("""
            live:
              heartbeatSeconds: 1
              deadAfterSeconds: 3
              maxConnections: 12
            """);

  @Test
  void aSubscriberGetsTheOpenReportsThenEveryChangeWithItsSequence() throws Exception {
    JsonObject before = node.report(NEOT);
    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      assertThat(client.next("hello", 30)).isNotNull();
      client.subscribe(new JsonObject(), null, null);
      JsonObject subscribed = client.next("subscribed", 30);
      assertThat(subscribed.getString("mode")).isEqualTo("snapshot");
      long asOf = subscribed.getLong("seq");
      JsonObject snapshot = client.next("snapshot", 30);
      assertThat(snapshot.getBoolean("last")).isTrue();
      // A snapshot taken moments ago for another client may be shared (live.snapshotShareMillis):
      // what came after its position follows it as deltas.
      if (!ids(snapshot.getJsonArray("reports")).contains(before.getString("id"))) {
        JsonObject since = client.next(m -> isAbout(m, "report.created", before.getString("id")), 30);
        assertThat(since.getLong("seq")).isGreaterThan(asOf);
      }

      String id = node.report(NEOT).getString("id");
      JsonObject created = client.next(m -> isAbout(m, "report.created", id), 30);
      assertThat(created.getLong("seq")).isGreaterThan(asOf);

      patch(id, "{\"status\":\"acknowledged\"}", "\"1\"");
      JsonObject updated = client.next(m -> isAbout(m, "report.updated", id), 30);
      assertThat(updated.getLong("seq")).isGreaterThan(created.getLong("seq"));
      assertThat(updated.getJsonObject("report").getInteger("version")).isEqualTo(2);

      patch(id, "{\"status\":\"resolved\",\"note\":\"טופל\"}", "\"2\"");
      JsonObject closed = client.next(m -> isAbout(m, "report.closed", id), 30);
      assertThat(closed.getJsonObject("report").getString("status")).isEqualTo("resolved");
      assertThat(client.reports()).doesNotContainKey(id).containsKey(before.getString("id"));
    }
  }

  @Test
  void filtersHoldBackWhatTheyExcludeAndSayWhenAReportLeaves() throws Exception {
    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      client.next("hello", 30);
      client.subscribe(
          new JsonObject()
              .put("districts", new JsonArray().add("barnea").add("neot-ashkelon"))
              .put("categories", new JsonArray().add("fire").add("hazard"))
              .put("statuses", new JsonArray().add("new"))
              .put("minPriority", 3),
          null,
          null);
      assertThat(client.next("subscribed", 30).getJsonObject("filter").getInteger("minPriority")).isEqualTo(3);

      node.report(SHIMSHON); // another district
      node.report(NEOT.replace("hazard", "noise")); // another category, and priority 1
      String fire = node.report(FIRE_IN_BARNEA).getString("id");
      JsonObject first = client.next(m -> m.getString("type").startsWith("report."), 30);
      assertThat(first.getJsonObject("report").getString("id")).isEqualTo(fire);

      // Acknowledged is outside the statuses asked for: the client is told it left.
      patch(fire, "{\"status\":\"acknowledged\"}", null);
      JsonObject removed = client.next(m -> m.getString("type").startsWith("report."), 30);
      assertThat(removed.getString("type")).isEqualTo("report.removed");
      assertThat(removed.getString("id")).isEqualTo(fire);
    }
  }

  @Test
  void aPatrollerIsConfinedAndADisplayNeverGetsPersonalData() throws Exception {
    node.report(NEOT);
    try (LiveClient patroller = LiveClient.connect(node.liveUri(), node.token(Role.PATROLLER, "shimshon"));
        LiveClient display = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      patroller.next("hello", 30);
      patroller.subscribe(new JsonObject().put("districts", new JsonArray().add("barnea")), null, null);
      JsonObject error = patroller.next("error", 30);
      assertThat(error.getString("code")).isEqualTo("district_forbidden");
      patroller.subscribe(new JsonObject(), null, null);
      assertThat(patroller.next("subscribed", 30).getJsonObject("filter").getJsonArray("districts"))
          .containsExactly("shimshon");
      JsonObject page = patroller.next("snapshot", 30);
      assertThat(page.getJsonArray("reports").stream().map(r -> ((JsonObject) r).getString("district")))
          .allMatch("shimshon"::equals);

      display.next("hello", 30);
      display.subscribe(new JsonObject(), null, null);
      JsonObject snapshot = display.next("snapshot", 30);
      assertThat(snapshot.getJsonArray("reports")).isNotEmpty();
      assertThat(snapshot.encode()).doesNotContain("050-1234567").doesNotContain("\"reporter\"");
      String id = node.report(NEOT).getString("id");
      JsonObject created = display.next(m -> isAbout(m, "report.created", id), 30);
      assertThat(created.encode()).doesNotContain("050-1234567").doesNotContain("\"reporter\"");
      JsonObject forPatroller = patroller.next(m -> m.getString("type").startsWith("report."), 2);
      assertThat(forPatroller).as("a neot-ashkelon report reached a shimshon patroller").isNull();
    }
  }

  @Test
  void aClientThatComesBackGetsExactlyWhatItMissed() throws Exception {
    node.report(NEOT); // the log holds an entry for the snapshot's position to name, whichever test ran first
    String epoch;
    long seq;
    String tag;
    try (LiveClient client = subscribedToEverything()) {
      epoch = client.epoch();
      seq = client.seq();
      tag = client.tag();
    }
    assertThat(tag).as("a snapshot's position names its entry").isNotNull();
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      missed.add(node.report(NEOT).getString("id"));
    }
    patch(missed.get(0), "{\"status\":\"acknowledged\"}", null);

    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      client.next("hello", 30);
      client.subscribe(new JsonObject(), epoch, seq, tag);
      JsonObject subscribed = client.next("subscribed", 30);
      assertThat(subscribed.getString("mode")).isEqualTo("resume");
      assertThat(subscribed.getString("resumeToken")).isEqualTo(epoch + ":" + seq + ":" + tag);
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        JsonObject delta = client.next(m -> m.getString("type").startsWith("report."), 30);
        assertThat(delta).isNotNull();
        assertThat(delta.getString("tag")).as("a delta names its entry").isNotBlank();
        got.add(delta.getString("type") + " " + delta.getJsonObject("report").getString("id"));
      }
      List<String> expected = new ArrayList<>();
      missed.forEach(id -> expected.add("report.created " + id));
      expected.add("report.updated " + missed.get(0));
      // Exactly what it missed, each report's changes in order. Reports are announced after
      // their 201, so another report's change may enter the log between two of them.
      assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(got.indexOf("report.updated " + missed.get(0)))
          .isGreaterThan(got.indexOf("report.created " + missed.get(0)));
      assertThat(client.next(m -> m.getString("type").startsWith("report."), 2)).as("a duplicate").isNull();
      assertThat(client.drain()).noneMatch(m -> "snapshot".equals(m.getString("type")));
    }
  }

  @Test
  void clientsAskingForOneSnapshotTogetherEachGetItWholeAndThenEveryChangeOnce() throws Exception {
    List<String> before = List.of(node.report(NEOT).getString("id"), node.report(NEOT).getString("id"));
    JsonObject filter = new JsonObject().put("districts", new JsonArray().add("neot-ashkelon"));
    List<LiveClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        // Screens (no personal data) and operators, as a room reconnecting at once.
        clients.add(LiveClient.connect(node.liveUri(), node.token(i % 2 == 0 ? Role.DISPLAY : Role.OPERATOR)));
      }
      for (LiveClient c : clients) {
        c.next("hello", 30);
      }
      clients.forEach(c -> c.subscribe(filter, null, null));
      for (int i = 0; i < clients.size(); i++) {
        LiveClient c = clients.get(i);
        assertThat(c.next("subscribed", 30).getString("mode")).isEqualTo("snapshot");
        JsonObject snapshot = c.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
        assertThat(ids(snapshot.getJsonArray("reports"))).containsAll(before);
        boolean personal = snapshot.getJsonArray("reports").stream()
            .anyMatch(r -> ((JsonObject) r).containsKey("reporter"));
        assertThat(personal).as("client %d (%s) got personal data", i, i % 2 == 0 ? "display" : "operator")
            .isEqualTo(i % 2 != 0);
      }
      String after = node.report(NEOT).getString("id");
      for (LiveClient c : clients) {
        assertThat(c.next(m -> isAbout(m, "report.created", after), 30)).isNotNull();
      }
      for (LiveClient c : clients) {
        assertThat(c.reports()).containsKeys(before.get(0), before.get(1), after);
      }
      String later = node.report(NEOT).getString("id"); // every client reads past any repeat
      for (LiveClient c : clients) {
        List<JsonObject> between = new ArrayList<>();
        JsonObject next = c.next(m -> !between.add(m) || isAbout(m, "report.created", later), 30);
        assertThat(next).isNotNull();
        assertThat(between).as("a repeat").noneMatch(m -> isAbout(m, "report.created", after));
      }
    } finally {
      clients.forEach(LiveClient::close);
    }
  }

  @Test
  void aPositionThatNamesAnotherEntryGetsAFreshSnapshotAndSaysWhy() throws Exception {
    String epoch;
    long seq;
    String tag;
    try (LiveClient client = subscribedToEverything()) {
      String id = node.report(NEOT).getString("id");
      client.next(m -> isAbout(m, "report.created", id), 30);
      epoch = client.epoch();
      seq = client.seq();
      tag = client.tag();
    }
    String later = node.report(NEOT).getString("id");
    // The same sequence, but the client had another entry there: one a dead member's copy of the
    // log held and no surviving copy does.
    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      client.next("hello", 30);
      client.subscribe(new JsonObject(), epoch, seq, tag + "x");
      JsonObject subscribed = client.next("subscribed", 30);
      assertThat(subscribed.getString("mode")).isEqualTo("snapshot");
      assertThat(subscribed.getString("reason")).isEqualTo("diverged");
      client.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
      // A snapshot shared with an earlier client is followed by the changes after it.
      client.next("heartbeat", 30);
      assertThat(client.reports()).containsKey(later);
    }
    // As a token, right: resumed.
    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      client.next("hello", 30);
      client.send(new JsonObject().put("type", "subscribe").put("filter", new JsonObject())
          .put("resume", new JsonObject().put("token", epoch + ":" + seq + ":" + tag)));
      assertThat(client.next("subscribed", 30).getString("reason")).isEqualTo("resumed");
      assertThat(client.next(m -> isAbout(m, "report.created", later), 30)).isNotNull();
    }
  }

  @Test
  void clientsOfEntriesTheFeedTakesBackGetSnapshotsAndThenEveryChange() throws Exception {
    // What the feed does when, after a member left, the log holds other entries from some
    // sequence on than it had read (LiveFeedVerticle.verify): here the hub is told directly, and
    // the feed reads the log again from there.
    LiveHub hub = node.services().live();
    try (LiveClient client = subscribedToEverything()) {
      String first = node.report(NEOT).getString("id");
      long at = client.next(m -> isAbout(m, "report.created", first), 30).getLong("seq");
      String second = node.report(NEOT).getString("id");
      assertThat(client.next(m -> isAbout(m, "report.created", second), 30)).isNotNull();
      // It was sent entries from there on: a fresh snapshot, then every change.
      hub.rewind(at);
      JsonObject subscribed = client.next("subscribed", 30);
      assertThat(subscribed.getString("mode")).isEqualTo("snapshot");
      assertThat(subscribed.getString("reason")).isEqualTo("diverged");
      client.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
      client.next("heartbeat", 30);
      assertThat(client.reports()).containsKeys(first, second);
      String third = node.report(NEOT).getString("id");
      assertThat(client.next(m -> isAbout(m, "report.created", third), 30)).isNotNull();
    }
  }

  @Test
  void anUnknownEpochGetsAFreshSnapshotAndSaysWhy() throws Exception {
    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      client.next("hello", 30);
      client.subscribe(new JsonObject(), "an-old-epoch", 12L);
      JsonObject subscribed = client.next("subscribed", 30);
      assertThat(subscribed.getString("mode")).isEqualTo("snapshot");
      assertThat(subscribed.getString("reason")).isEqualTo("epoch_changed");
    }
  }

  @Test
  void aResumePositionBeforeTheLogGetsAnErrorAndTheSubscriptionGoesOn() throws Exception {
    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      JsonObject hello = client.next("hello", 30);
      client.subscribe(new JsonObject(), null, null);
      client.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
      String epoch = hello.getString("epoch");
      for (Object position : java.util.List.of(epoch + ":-5:x", epoch + ":" + Long.MIN_VALUE)) {
        client.send(new JsonObject().put("type", "subscribe")
            .put("filter", new JsonObject().put("districts", new JsonArray().add("shimshon")))
            .put("resume", new JsonObject().put("token", position)));
        JsonObject error = client.next("error", 30);
        assertThat(error.getString("code")).isEqualTo("out_of_range");
        assertThat(error.getString("field")).isEqualTo("resume");
      }
      client.send(new JsonObject().put("type", "subscribe")
          .put("resume", new JsonObject().put("epoch", epoch).put("seq", -2)));
      assertThat(client.next("error", 30).getString("code")).isEqualTo("out_of_range");
      // The first subscription (the whole city) goes on, unchanged.
      String id = node.report(NEOT).getString("id");
      assertThat(client.next(m -> isAbout(m, "report.created", id), 30)).isNotNull();
    }
  }

  @Test
  void aClientFloodingSubscribesIsCutOffAndOthersAreServedAsUsual() throws Exception {
    List<String> categories = List.of("hazard", "fire", "water", "roads", "trees", "noise", "garbage", "sewage");
    try (LiveClient flood = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY));
        LiveClient screen = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      flood.next("hello", 30);
      screen.next("hello", 30);
      for (int i = 0; i < 3000; i++) {
        JsonObject filter = new JsonObject().put("categories", new JsonArray().add(categories.get(i % categories.size())));
        try {
          flood.send(new JsonObject().put("type", "subscribe").put("filter", filter));
        } catch (RuntimeException closed) {
          break; // the node closed it under us
        }
      }
      assertThat(flood.next("error", 30).getString("code")).isEqualTo("too_many_messages");
      assertThat(flood.next(LiveClient.CLOSED, 30).getInteger("code")).isEqualTo(1008);
      screen.subscribe(new JsonObject(), null, null);
      assertThat(screen.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30)).isNotNull();
      String id = node.report(NEOT).getString("id");
      assertThat(screen.next(m -> isAbout(m, "report.created", id), 30)).isNotNull();
      assertThat(node.get("/ready", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aClientSendingTooManyMessagesGetsAnErrorAndIsClosed() throws Exception {
    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      client.next("hello", 30);
      for (int i = 0; i < 30; i++) {
        client.send(new JsonObject().put("type", "ping").put("t", i));
      }
      assertThat(client.next("error", 30).getString("code")).isEqualTo("too_many_messages");
      assertThat(client.next(LiveClient.CLOSED, 30).getInteger("code")).isEqualTo(1008);
    }
  }

  @Test
  void aStreamEndsWhenItsTokenExpires() throws Exception {
    String shortLived = node.tokenFor("screen-short", Role.DISPLAY, java.time.Duration.ofSeconds(3));
    try (LiveClient client = LiveClient.connect(node.liveUri(), shortLived)) {
      client.next("hello", 30);
      client.subscribe(new JsonObject(), null, null);
      client.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
      JsonObject closed = client.next(LiveClient.CLOSED, 30);
      assertThat(closed.getInteger("code")).isEqualTo(4001);
      assertThat(closed.getString("reason")).isEqualTo("token expired");
    }
    // And the token opens no new stream.
    assertThatThrownBy(() -> LiveClient.connect(node.liveUri(), shortLived)).hasStackTraceContaining("401");
  }

  @Test
  void theServerSendsHeartbeatsAndAnswersPings() throws Exception {
    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      client.next("hello", 30);
      JsonObject heartbeat = client.next("heartbeat", 30);
      assertThat(heartbeat.getString("resumeToken")).startsWith(heartbeat.getString("epoch") + ":");
      client.send(new JsonObject().put("type", "ping").put("t", 42));
      assertThat(client.next("pong", 30).getInteger("t")).isEqualTo(42);
    }
  }

  @Test
  void aClientThatNeitherReadsNorAnswersIsDropped() throws Exception {
    // A bare TCP client: it upgrades, then never reads, never answers a ping.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.port())) {
      socket.setSoTimeout(60_000);
      SlowReaderIT.RawWebSocket.upgrade(socket, node.token(Role.DISPLAY));
      java.io.InputStream in = socket.getInputStream();
      // Hello, heartbeats, pings... then the server gives up on us and closes: end of stream.
      while (in.read() != -1) {
        // drain
      }
    }
  }

  @Test
  void badMessagesGetErrorsAndTheStreamGoesOn() throws Exception {
    try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      client.next("hello", 30);
      client.send(new JsonObject().put("type", "subscribe").put("filter", new JsonObject().put("bbox", new JsonArray().add(1))));
      assertThat(client.next("error", 30).getString("field")).isEqualTo("filter.bbox");
      client.send(new JsonObject().put("type", "dance"));
      assertThat(client.next("error", 30).getString("code")).isEqualTo("unknown_type");
      String id = node.report(NEOT).getString("id");
      assertThat(client.next(m -> isAbout(m, "report.created", id), 30)).isNotNull();
    }
  }

  @Test
  void aFullNodeTellsNewClientsToBackOff() throws Exception {
    List<LiveClient> clients = new ArrayList<>();
    try {
      Throwable refused = null;
      for (int i = 0; i < 20 && refused == null; i++) {
        try {
          LiveClient c = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY));
          clients.add(c);
        } catch (ExecutionException | CompletionException e) {
          refused = e.getCause();
        }
      }
      assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
      var response = ((WebSocketHandshakeException) refused).getResponse();
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    } finally {
      clients.forEach(LiveClient::close);
    }
  }

  private static void patch(String id, String body, String ifMatch) throws Exception {
    var r =
        node.patch(
            "/api/v1/reports/" + id,
            node.adminToken(),
            body,
            ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /**
   * An operator's client of every open report, its snapshot read and caught up: a heartbeat after
   * the last page gives the position past what followed the snapshot (a shared one can be a few
   * seconds old, and other tests' changes come after it).
   */
  private static LiveClient subscribedToEverything() throws Exception {
    LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR));
    client.next("hello", 30);
    client.subscribe(new JsonObject(), null, null);
    client.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
    client.next("heartbeat", 30);
    return client;
  }

  static boolean isAbout(JsonObject m, String type, String id) {
    return type.equals(m.getString("type"))
        && m.getJsonObject("report") != null
        && id.equals(m.getJsonObject("report").getString("id"));
  }

  static List<String> ids(JsonArray reports) {
    return reports.stream().map(r -> ((JsonObject) r).getString("id")).toList();
  }
}
