package org.hamal.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RawHttp;
import org.hamal.gateway.RawHttp.Answer;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded, seeded fuzzer against one node on loopback (docs/security.md, "Fuzzing"): thousands
 * of hostile requests across every route and hostile messages on live streams, among which valid
 * reports are filed. It fails on any 5xx, any error of the application's that is not the
 * documented JSON with a documented code, any request left unanswered, and any acknowledged report
 * that cannot be read back as filed. The seed is printed; {@code -Dhamal.fuzz.seed=N} repeats a run.
 */
class FuzzIT {

  private static final int REQUESTS = 3_000;
  /** Every so many requests, a valid report among the noise. */
  private static final int VALID_EVERY = 25;
  private static final int LIVE_CLIENTS = 4;
  private static final int LIVE_MESSAGES = 1_000;
  /** How long a stream is given to answer a ping after the noise: far beyond loopback's need. */
  private static final long PONG_SECONDS = 30;
  /** Close codes a stream may end with for what a hostile client sent (policy, too big, token). */
  private static final Set<Integer> CLIENT_CLOSES = Set.of(1007, 1008, 1009, 4001);

  @RegisterExtension
  static final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES)
      // The per-client message budget would close a fuzzing client after 20 messages.
      .withConfig("live:\n  clientMessagesPerSecond: 100000\n  clientMessageBurst: 100000\n");

  @Test
  void hostileRequestsAndMessagesGetDocumentedClientErrorsAndNoReportIsLost() throws Exception {
    long seed = Long.getLong("hamal.fuzz.seed", new SecureRandom().nextLong());
    System.out.println("FuzzIT seed " + seed + " (repeat with -Dhamal.fuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    long started = System.nanoTime();
    Set<String> documented = codes(Path.of("..", "docs", "api.md"), "## Errors", "\n# ");
    Set<String> liveCodes = codes(Path.of("..", "docs", "live-protocol.md"), "## Errors and closing", "\n## ");
    List<String> failures = new ArrayList<>();
    Map<String, String> filed = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    HostileRequests requests = new HostileRequests(random, tokens(), () -> ids);
    // The node runs in this JVM: an unhandled failure it logs is a 5xx even when the connection
    // closed before the answer (a body the parser failed on).
    ch.qos.logback.classic.Logger errors =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.hamal.gateway.http.ErrorResponses.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    errors.addAppender(logged);

    for (int i = 0; i < REQUESTS && failures.size() < 20; i++) {
      if (i % VALID_EVERY == 0) {
        String description = "fuzz " + seed + " #" + i + " שריפה";
        Answer a = RawHttp.send(node.port(), post(HostileRequests.validReport(description).encode()));
        if (a.status() != 201) {
          failures.add("a valid report was refused: " + a.status() + " " + a.body());
        } else {
          String id = new JsonObject(a.body()).getString("id");
          filed.put(id, description);
          ids.add(id);
        }
        continue;
      }
      HostileRequests.Hostile h = requests.next();
      Answer a = RawHttp.send(node.port(), h.bytes());
      String problem = problem(h, a, documented);
      if (problem != null) {
        failures.add(problem + "\n  request: " + h.description() + "\n  answer: " + a.status() + " " + a.body());
      }
    }

    failures.addAll(fuzzLive(random, liveCodes));
    errors.detachAppender(logged);
    logged.list.stream()
        .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
        .forEach(e -> failures.add("the node logged: " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())));

    for (var e : filed.entrySet()) {
      Answer back = RawHttp.send(node.port(), RawHttp.message("GET /api/v1/reports/" + e.getKey() + " HTTP/1.1", "",
          "Authorization: Bearer " + node.adminToken()));
      if (back.status() != 200 || !e.getValue().equals(new JsonObject(back.body()).getString("description"))) {
        failures.add("report " + e.getKey() + " was acknowledged and reads back as " + back.status() + " " + back.body());
      }
    }
    System.out.printf("FuzzIT: %d requests (%d valid reports read back), %d live messages in %.1f s%n",
        REQUESTS, filed.size(), LIVE_MESSAGES, (System.nanoTime() - started) / 1e9);
    assertThat(failures).as("seed " + seed + " (repeat with -Dhamal.fuzz.seed=" + seed + ")").isEmpty();
    assertThat(filed).as("valid reports filed among the noise").hasSizeGreaterThan(REQUESTS / VALID_EVERY / 2);
  }

  /** What is wrong with an answer, or null. */
  private static String problem(HostileRequests.Hostile h, Answer a, Set<String> documented) {
    if (a.status() < 0) {
      return h.brokenBody() ? null : "no answer";
    }
    if (a.status() >= 500) {
      return "a server error";
    }
    if (a.status() < 400 || h.method().equals("HEAD") || h.path().startsWith("/open311/")) {
      // Open311's errors are Open311's own form (docs/api.md, "Open311 GeoReport v2").
      return null;
    }
    JsonObject error;
    try {
      error = new JsonObject(a.body()).getJsonObject("error");
    } catch (RuntimeException e) {
      return "an error that is not the API's JSON";
    }
    if (error == null || !(error.getValue("code") instanceof String code)
        || !(error.getValue("message") instanceof String) || !error.containsKey("field")) {
      return "an error without code, message and field";
    }
    return documented.contains(code) ? null : "an undocumented error code " + code;
  }

  private static byte[] post(String body) {
    return RawHttp.message("POST /api/v1/reports HTTP/1.1", body,
        "Authorization: Bearer " + node.adminToken(), "Content-Type: application/json");
  }

  /** Authorization values: valid ones of every role, and forged, broken and mistyped ones. */
  private static List<String> tokens() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub", "fuzz").put("roles", new JsonArray().add("admin"))
        .put("iat", now).put("exp", now + 3600);
    return List.of(
        "Bearer " + node.adminToken(), "Bearer " + node.adminToken(), "Bearer " + node.adminToken(),
        "Bearer " + node.token(Role.DISPLAY), "Bearer " + node.token(Role.OPERATOR),
        "Bearer " + node.patrollerToken("fuzz-patrol", "shimshon"), "Bearer " + node.token(Role.INTAKE),
        "Bearer " + node.signedAsIs(claims.copy().put("exp", "soon")),
        "Bearer " + node.signedAsIs(claims.copy().put("roles", "admin")),
        "Bearer " + node.signedAsIs(claims.copy().put("sub", new JsonArray())),
        "Bearer " + node.signedAsIs(claims.copy().put("exp", now - 10)),
        "Bearer " + node.signedAsIs(claims.copy().put("roles", new JsonArray().add("root"))),
        "Bearer " + node.signedAsIs(claims.copy().put("districts", 5)),
        "Bearer x.y.z", "Bearer ", "Bearer", "Basic YWRtaW46YWRtaW4=", "bearer " + node.adminToken(),
        "Bearer " + "a".repeat(7000), "Bearer " + node.adminToken() + "x", "Bearer \u00e9\u00ff");
  }

  /** Hostile messages on live streams; the problems found. */
  private static List<String> fuzzLive(Random random, Set<String> liveCodes) throws Exception {
    List<String> problems = new ArrayList<>();
    List<String> tokens = List.of(node.adminToken(), node.token(Role.DISPLAY),
        node.patrollerToken("fuzz-live", "shimshon"), node.token(Role.OPERATOR));
    List<LiveClient> clients = new ArrayList<>();
    for (int c = 0; c < LIVE_CLIENTS; c++) {
      clients.add(LiveClient.connect(node.liveUri(), tokens.get(c)));
    }
    HostileMessages messages = new HostileMessages(random);
    try {
      for (int i = 0; i < LIVE_MESSAGES; i++) {
        int c = random.nextInt(LIVE_CLIENTS);
        try {
          clients.get(c).sendText(messages.next());
        } catch (RuntimeException closed) {
          // Closed by the node for what it was sent (checked below): a new stream goes on.
          problems.addAll(check(clients.get(c), liveCodes, false));
          clients.get(c).close();
          clients.set(c, LiveClient.connect(node.liveUri(), tokens.get(c)));
        }
      }
      for (LiveClient client : clients) {
        problems.addAll(check(client, liveCodes, true));
      }
    } finally {
      clients.forEach(LiveClient::close);
    }
    return problems;
  }

  /**
   * What a stream answered: errors with documented codes only, and a pong to a ping unless the
   * node closed it with a client's close code.
   */
  private static List<String> check(LiveClient client, Set<String> liveCodes, boolean ping) throws Exception {
    List<String> problems = new ArrayList<>();
    List<JsonObject> seen = new ArrayList<>();
    if (ping) {
      try {
        client.sendText("{\"type\":\"ping\",\"t\":1}");
      } catch (RuntimeException closed) {
        ping = false;
      }
    }
    JsonObject last = ping
        ? client.next(m -> seen.add(m) && ("pong".equals(m.getString("type")) || LiveClient.CLOSED.equals(m.getString("type"))), PONG_SECONDS)
        : null;
    seen.addAll(client.drain());
    for (JsonObject m : seen) {
      String type = m.getString("type");
      if ("error".equals(type) && !liveCodes.contains(m.getString("code"))) {
        problems.add("live: an undocumented error code " + m.encode());
      }
      if (LiveClient.CLOSED.equals(type) && !CLIENT_CLOSES.contains(m.getInteger("code"))) {
        problems.add("live: closed with " + m.encode());
      }
    }
    if (ping && last == null) {
      problems.add("live: no pong and no close within " + PONG_SECONDS + " s");
    }
    return problems;
  }

  /** Every back-quoted word of a document's section: the codes it documents. */
  private static Set<String> codes(Path doc, String from, String until) throws Exception {
    String text = Files.readString(doc);
    int start = text.indexOf(from);
    int end = text.indexOf(until, start + from.length());
    Matcher m = Pattern.compile("`([a-z_]+)`").matcher(text.substring(start, end < 0 ? text.length() : end));
    Set<String> codes = new TreeSet<>();
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes;
  }
}
