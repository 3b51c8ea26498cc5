package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.EndToEndIT.assertError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.events.OpenReports;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idempotent and batch intake against a real node. */
class IntakeIT {

  static final String REPORT = EndToEndIT.REPORT;
  static final String BARNEA = REPORT.replace("34.5712", "34.5737").replace("31.6688", "31.6879");

  @RegisterExtension
  static final RunningNode node = RunningNode.extension();

  @Test
  void aRetryWithTheSameKeyReturnsTheOriginalAndStoresNothing() throws Exception {
    String token = node.tokenFor("sms-gateway", Role.INTAKE);
    String key = "sms-" + UUID.randomUUID();
    HttpResponse<String> first = post(token, REPORT, key);
    HttpResponse<String> retry = post(token, REPORT, key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(new JsonObject(retry.body())).isEqualTo(new JsonObject(first.body()));
    // The id is the key's, so even an attempt whose original the store lost names the same report.
    assertThat(id(first)).isEqualTo(org.hamal.cluster.report.ReportIds.forKey("sms-gateway:" + key));

    assertError(post(token, REPORT.replace("hazard", "fire"), key), 422, "idempotency_key_reused");
  }

  @Test
  void aRetryFindingItsReportStoredButNotInTheClusterPutsItBack() throws Exception {
    String token = node.tokenFor("sms-gateway", Role.INTAKE);
    String key = "sms-" + UUID.randomUUID();
    JsonObject first = new JsonObject(post(token, REPORT, key).body());
    awaitInCluster(first); // its own announcement, after its answer, must not come after the removal
    // As after a commit that outlived its 503: in the store, in no cluster map (and so in no
    // screen's snapshot).
    var context = node.services().node().vertx().getOrCreateContext();
    node.services().openReports()
        .update(context, java.util.List.of(OpenReports.Entry.of(first, first.encode())), false)
        .await(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(openInCluster(first)).isNull();

    HttpResponse<String> retry = post(token, REPORT, key);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    // Announced after the answer, as a creation is.
    awaitInCluster(first);
  }

  /** Reads the cluster's open reports until the report is there (bounded), else fails. */
  private static void awaitInCluster(JsonObject report) throws Exception {
    JsonObject found = Eventually.until(() -> openInCluster(report), java.util.Objects::nonNull, Duration.ofSeconds(10));
    assertThat(found).as("report %s in the cluster's open reports", report.getString("id")).isNotNull();
  }

  private static JsonObject openInCluster(JsonObject report) throws Exception {
    var context = node.services().node().vertx().getOrCreateContext();
    return node.services().openReports().get(context, report.getString("id"), report.getString("district"))
        .await(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void keysBelongToTheCaller() throws Exception {
    String key = "shared-" + UUID.randomUUID();
    String a = id(post(node.tokenFor("chat-gateway", Role.INTAKE), REPORT, key));
    String b = id(post(node.tokenFor("open311-gateway", Role.INTAKE), REPORT, key));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aColonInTheCallersNameCannotMakeTwoCallersKeysMeet() throws Exception {
    // "ops:east" + "x:k" and "ops" + "east:x:k" would both read "ops:east:x:k" unescaped.
    String suffix = UUID.randomUUID().toString();
    HttpResponse<String> a = post(node.tokenFor("ops:east", Role.INTAKE), REPORT, "x:" + suffix);
    HttpResponse<String> b = post(node.tokenFor("ops", Role.INTAKE), REPORT, "east:x:" + suffix);
    assertThat(a.statusCode()).isEqualTo(201);
    assertThat(b.statusCode()).isEqualTo(201);
    assertThat(b.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(id(b)).isNotEqualTo(id(a));
  }

  @Test
  void malformedKeysAre400() throws Exception {
    assertError(post(node.adminToken(), REPORT, "has space"), 400, "invalid_idempotency_key");
    assertError(post(node.adminToken(), REPORT, "k".repeat(201)), 400, "invalid_idempotency_key");
  }

  @Test
  void aClientChosenIdIsStoredOnce() throws Exception {
    String id = UUID.randomUUID().toString();
    String body = withId(REPORT, id);
    assertThat(id(post(node.adminToken(), body, null))).isEqualTo(id);
    HttpResponse<String> again = post(node.adminToken(), body, null);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertError(post(node.adminToken(), withId(BARNEA, id), null), 422, "id_conflict");
    assertError(post(node.adminToken(), withId(REPORT, "not-a-uuid"), null), 422, "invalid_id");
  }

  @Test
  void aBatchAnswersEachItemAndOneBadItemDoesNotFailTheOthers() throws Exception {
    JsonArray batch =
        new JsonArray()
            .add(new JsonObject(REPORT))
            .add(new JsonObject(BARNEA))
            .add(new JsonObject(REPORT.replace("hazard", "volcano")))
            .add(new JsonObject(REPORT.replace("34.5712", "34.78").replace("31.6688", "32.08")))
            .add("not an object")
            .add(new JsonObject(REPORT).put("idempotencyKey", "batch-" + UUID.randomUUID()));

    JsonObject answer = batch(node.token(Role.OPERATOR), batch.encode());

    assertThat(answer.getInteger("accepted")).isEqualTo(3);
    assertThat(answer.getInteger("refused")).isEqualTo(3);
    JsonArray results = answer.getJsonArray("results");
    assertThat(results.stream().map(r -> ((JsonObject) r).getInteger("status")).toList())
        .containsExactly(201, 201, 422, 422, 400, 201);
    assertThat(results.getJsonObject(2).getJsonObject("error").getString("code"))
        .isEqualTo("unknown_category");
    assertThat(results.getJsonObject(3).getJsonObject("error").getString("code"))
        .isEqualTo("outside_service_area");
    String barnea = results.getJsonObject(1).getJsonObject("report").getString("id");
    assertThat(results.getJsonObject(1).getJsonObject("report").getString("district")).isEqualTo("barnea");
    assertThat(node.get("/api/v1/reports/" + barnea, node.adminToken()).statusCode()).isEqualTo(200);
  }

  @Test
  void ndjsonWorksAndAMalformedLineIsThatItemsError() throws Exception {
    String ndjson = REPORT.replace("\n", " ") + "\n{\"category\": \n" + BARNEA.replace("\n", " ") + "\n";
    JsonObject answer = batch(node.adminToken(), ndjson);
    assertThat(answer.getJsonArray("results").stream().map(r -> ((JsonObject) r).getInteger("status")).toList())
        .containsExactly(201, 400, 201);
  }

  @Test
  void aRetriedBatchStoresNothingTwice() throws Exception {
    String run = UUID.randomUUID().toString();
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 20; i++) {
      batch.add(new JsonObject(REPORT).put("idempotencyKey", run + "-" + i));
    }
    JsonObject first = batch(node.adminToken(), batch.encode());
    JsonObject retry = batch(node.adminToken(), batch.encode());
    assertThat(first.getInteger("accepted")).isEqualTo(20);
    assertThat(retry.getInteger("accepted")).isEqualTo(20);
    for (int i = 0; i < 20; i++) {
      JsonObject a = first.getJsonArray("results").getJsonObject(i);
      JsonObject b = retry.getJsonArray("results").getJsonObject(i);
      assertThat(b.getBoolean("replayed")).isTrue();
      assertThat(b.getJsonObject("report").getString("id")).isEqualTo(a.getJsonObject("report").getString("id"));
    }
  }

  @Test
  void batchLimits() throws Exception {
    String tooMany =
        IntStream.range(0, 501).mapToObj(i -> "{}").collect(Collectors.joining(",", "[", "]"));
    assertError(node.post("/api/v1/reports:batch", node.adminToken(), tooMany), 422, "too_many_items");
    assertError(node.post("/api/v1/reports:batch", node.adminToken(), ""), 400, "empty_body");
    assertError(node.post("/api/v1/reports:batch", node.adminToken(), "[{]"), 400, "malformed_json");
    assertError(node.post("/api/v1/reports:batch", node.token(Role.DISPLAY), "[]"), 403, "forbidden");
  }

  /** A single report's body is parsed once (the caller's rate reads it first): each kind of non-object still says what it is. */
  @Test
  void aBodyThatIsNoObjectIsRefusedForWhatItIs() throws Exception {
    for (String notJson : List.of("{\"category\":", "{nope", "nul")) {
      HttpResponse<String> r = node.post("/api/v1/reports", node.adminToken(), notJson);
      assertError(r, 400, "malformed_json");
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).isEqualTo("the body is not valid JSON");
    }
    for (String notAnObject : List.of("null", "  [1,2]", "42", "\"text\"")) {
      HttpResponse<String> r = node.post("/api/v1/reports", node.adminToken(), notAnObject);
      assertError(r, 400, "malformed_json");
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).isEqualTo("the body must be a JSON object");
    }
    assertError(node.post("/api/v1/reports", node.adminToken(), ""), 400, "empty_body");
    assertThat(post(node.adminToken(), " \n" + REPORT, null).statusCode()).isEqualTo(201);
  }

  private static HttpResponse<String> post(String token, String body, String key) throws Exception {
    return node.post(
        "/api/v1/reports", token, body, key == null ? Map.of() : Map.of("Idempotency-Key", key));
  }

  private static JsonObject batch(String token, String body) throws Exception {
    HttpResponse<String> response = node.post("/api/v1/reports:batch", token, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static String id(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("id");
  }

  private static String withId(String report, String id) {
    return new JsonObject(report).put("id", id).encode();
  }
}
