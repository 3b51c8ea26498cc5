package org.hamal.gateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The access and audit logs of a real node: one JSON line each, and no personal data in them. */
class LogsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final String NAME = "רחל אברהמי";
  private static final String PHONE = "052-7654321";
  private static final String EMAIL = "rachel@example.org";
  private static final String DESCRIPTION = "ריח חזק של ביוב ליד הגן";
  private static final String REPORT = """
      {"category":"sewage","description":"%s",
       "location":{"lon":34.5712,"lat":31.6688},
       "reporter":{"name":"%s","phone":"%s","email":"%s"},"channel":"call-taker"}
      """.formatted(DESCRIPTION, NAME, PHONE, EMAIL);

  @RegisterExtension
  static final RunningNode node = RunningNode.extension();

  private static final Lines access = new Lines();
  private static final Lines audit = new Lines();

  @BeforeAll
  static void listen() {
    access.attach(AccessLog.LOGGER);
    audit.attach(Audit.LOGGER);
  }

  @AfterAll
  static void stopListening() {
    access.detach(AccessLog.LOGGER);
    audit.detach(Audit.LOGGER);
  }

  @Test
  void everyRequestIsOneAccessLineWithItsCallerAndNoPersonalData() throws Exception {
    String intake = node.tokenFor("logs-intake", Role.INTAKE);
    HttpResponse<String> created = node.post("/api/v1/reports", intake, REPORT);
    assertThat(created.statusCode()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    // A search whose values could name a person: only the parameter names are logged.
    HttpResponse<String> search = node.get("/api/v1/reports?status=new&q=" + PHONE + "&limit=5", node.token(Role.OPERATOR));

    JsonObject post = only(access, requestId(created));
    assertThat(post.getString("method")).isEqualTo("POST");
    assertThat(post.getString("path")).isEqualTo("/api/v1/reports");
    assertThat(post.getInteger("status")).isEqualTo(201);
    assertThat(post.getString("subject")).isEqualTo("logs-intake");
    assertThat(post.getString("remote")).isEqualTo("127.0.0.1");
    assertThat(post.getLong("bytes")).isEqualTo((long) created.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(post.getDouble("durationMs")).isNotNegative();
    assertThat(post.getString("time")).isNotBlank();

    JsonObject get = only(access, requestId(search));
    assertThat(get.getString("path")).isEqualTo("/api/v1/reports?status&q&limit");
    assertThat(get.getInteger("status")).isEqualTo(search.statusCode());

    JsonObject createdLine = Eventually.until(() -> audit.find("report.created", id), java.util.Objects::nonNull, PATIENCE);
    assertThat(createdLine).as("the audit line of the new report").isNotNull();
    assertThat(createdLine.getString("subject")).isEqualTo("logs-intake");
    assertThat(createdLine.getString("remote")).isEqualTo("127.0.0.1");
    assertThat(createdLine.getString("requestId")).isEqualTo(requestId(created));

    for (String line : access.all()) {
      assertThat(line).doesNotContain(NAME, PHONE, EMAIL, DESCRIPTION);
    }
    for (String line : audit.all()) {
      assertThat(line).doesNotContain(NAME, PHONE, EMAIL, DESCRIPTION);
    }
  }

  @Test
  void changesOfAReportAndOfTheModeAreAudited() throws Exception {
    String id = new JsonObject(node.post("/api/v1/reports", node.tokenFor("logs-intake", Role.INTAKE), REPORT).body())
        .getString("id");
    String supervisor = node.tokenFor("logs-supervisor", Role.SUPERVISOR);
    HttpResponse<String> changed = node.patch("/api/v1/reports/" + id, supervisor,
        "{\"status\":\"assigned\",\"assignee\":\"patrol-7\",\"note\":\"" + NAME + " " + PHONE + "\"}", Map.of());
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    JsonObject change = Eventually.until(() -> audit.find("report.changed", id), java.util.Objects::nonNull, PATIENCE);
    assertThat(change).isNotNull();
    assertThat(change.getString("subject")).isEqualTo("logs-supervisor");
    assertThat(change.getString("status")).isEqualTo("assigned");
    assertThat(change.getInteger("version")).isEqualTo(2);
    assertThat(change.encode()).doesNotContain(NAME, PHONE);

    HttpResponse<String> mode = node.send("PUT", "/api/v1/mode", supervisor, "{\"mode\":\"emergency\",\"reason\":\"drill\"}");
    assertThat(mode.statusCode()).isEqualTo(200);
    try {
      JsonObject set = Eventually.until(() -> audit.find("mode.set", null), java.util.Objects::nonNull, PATIENCE);
      assertThat(set).isNotNull();
      assertThat(set.getString("mode")).isEqualTo("emergency");
      assertThat(set.getString("subject")).isEqualTo("logs-supervisor");
      assertThat(set.getString("requestId")).isEqualTo(requestId(mode));
    } finally {
      node.send("PUT", "/api/v1/mode", supervisor, "{\"mode\":\"routine\",\"reason\":\"drill over\"}");
    }
  }

  @Test
  void anOpen311RequestsAccessLineNamesItsKey() throws Exception {
    String key = node.tokenFor("logs-open311", Role.INTAKE);
    String form = "api_key=" + key + "&service_code=sewage&lat=31.6688&long=34.5712&description="
        + java.net.URLEncoder.encode(DESCRIPTION, java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> created = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(node.uri("/open311/v2/requests.json")).timeout(PATIENCE)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject line = only(access, requestId(created));
    assertThat(line.getString("subject")).isEqualTo("logs-open311");
    assertThat(line.getString("path")).isEqualTo("/open311/v2/requests.json");
    assertThat(line.encode()).doesNotContain(key, DESCRIPTION);
  }

  @Test
  void aLiveStreamIsOneAccessLineAtItsUpgrade() throws Exception {
    try (org.hamal.gateway.LiveClient screen =
        org.hamal.gateway.LiveClient.connect(node.liveUri(), node.tokenFor("logs-screen", Role.DISPLAY))) {
      assertThat(screen.next("hello", 30)).isNotNull();
      List<JsonObject> lines = Eventually.until(() -> access.bySubject("logs-screen"), l -> !l.isEmpty(), PATIENCE);
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).getString("path")).isEqualTo("/api/v1/live");
      assertThat(lines.get(0).getInteger("status")).isEqualTo(101);
    }
  }

  @Test
  void behindATrustedProxyTheLinesNameTheClientItForwarded(@TempDir Path data) throws Exception {
    Map<String, String> forwarded = Map.of("X-Forwarded-For", "198.51.100.23");
    // Not trusted (the default): the header is not believed.
    HttpResponse<String> direct = node.post("/api/v1/reports", node.tokenFor("logs-direct", Role.INTAKE), REPORT, forwarded);
    assertThat(direct.statusCode()).isEqualTo(201);
    assertThat(only(access, requestId(direct)).getString("remote")).isEqualTo("127.0.0.1");

    try (RunningNode behind = RunningNode.start(data, TestClusters.random(), Map.of(),
        "http:\n  trustedProxies: [127.0.0.1]\n")) {
      HttpResponse<String> created = behind.post("/api/v1/reports", behind.tokenFor("logs-proxied", Role.INTAKE), REPORT, forwarded);
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(only(access, requestId(created)).getString("remote")).isEqualTo("198.51.100.23");
      String id = new JsonObject(created.body()).getString("id");
      JsonObject createdLine = Eventually.until(() -> audit.find("report.created", id), java.util.Objects::nonNull, PATIENCE);
      assertThat(createdLine).as("the audit line of the new report").isNotNull();
      assertThat(createdLine.getString("remote")).isEqualTo("198.51.100.23");
    }
  }

  private static String requestId(HttpResponse<String> response) {
    return response.headers().firstValue(AccessLog.REQUEST_ID).orElseThrow();
  }

  /** The one access line of a request (written as its answer ends, so perhaps just after). */
  private static JsonObject only(Lines lines, String requestId) throws Exception {
    List<JsonObject> mine = Eventually.until(() -> lines.withRequestId(requestId), l -> !l.isEmpty(), PATIENCE);
    assertThat(mine).as("access lines of request %s", requestId).hasSize(1);
    return mine.get(0);
  }

  /** The lines one logger wrote, each checked to be one whole JSON object. */
  private static final class Lines extends AppenderBase<ILoggingEvent> {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    void attach(String logger) {
      start();
      ((Logger) LoggerFactory.getLogger(logger)).addAppender(this);
    }

    void detach(String logger) {
      ((Logger) LoggerFactory.getLogger(logger)).detachAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event.getFormattedMessage());
    }

    List<String> all() {
      return List.copyOf(lines);
    }

    List<JsonObject> withRequestId(String id) {
      return all().stream().map(JsonObject::new).filter(j -> id.equals(j.getString("requestId"))).toList();
    }

    List<JsonObject> bySubject(String subject) {
      return all().stream().map(JsonObject::new).filter(j -> subject.equals(j.getString("subject"))).toList();
    }

    /** The audit line of {@code action} naming {@code id} as its report (any, for null). */
    JsonObject find(String action, String id) {
      return all().stream().map(JsonObject::new)
          .filter(j -> action.equals(j.getString("action")) && (id == null || id.equals(j.getString("report"))))
          .findFirst().orElse(null);
    }
  }
}
