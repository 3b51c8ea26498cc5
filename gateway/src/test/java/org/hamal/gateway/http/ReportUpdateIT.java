package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.EndToEndIT.assertError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.hamal.gateway.EndToEndIT;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PATCH and history against a real node: the workflow, roles, and optimistic concurrency. */
class ReportUpdateIT {

  @RegisterExtension
  static final RunningNode node = RunningNode.extension();

  @Test
  void aReportMovesThroughItsWorkflowAndEveryStepIsInItsHistory() throws Exception {
    String id = node.report(EndToEndIT.REPORT).getString("id");
    String supervisor = node.tokenFor("supervisor-dana", Role.SUPERVISOR);

    HttpResponse<String> assigned =
        patch(id, supervisor, "{\"status\":\"assigned\",\"assignee\":\"patrol-7\",\"note\":\"נשלח סייר\"}", "\"1\"");
    assertThat(assigned.statusCode()).isEqualTo(200);
    assertThat(assigned.headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(new JsonObject(assigned.body()).getString("assignee")).isEqualTo("patrol-7");

    String patroller = node.token(Role.PATROLLER, "neot-ashkelon");
    assertThat(patch(id, patroller, "{\"status\":\"en_route\"}", "\"2\"").statusCode()).isEqualTo(200);
    assertThat(patch(id, patroller, "{\"status\":\"on_site\"}", null).statusCode()).isEqualTo(200);
    assertThat(patch(id, patroller, "{\"status\":\"resolved\",\"note\":\"העמוד יוצב\"}", null).statusCode()).isEqualTo(200);

    HttpResponse<String> read = node.get("/api/v1/reports/" + id, node.adminToken());
    assertThat(read.headers().firstValue("ETag")).hasValue("\"5\"");
    JsonArray history =
        new JsonObject(node.get("/api/v1/reports/" + id + "/history", node.adminToken()).body()).getJsonArray("history");
    assertThat(history.stream().map(h -> ((JsonObject) h).getString("status")))
        .containsExactly("new", "assigned", "en_route", "on_site", "resolved");
    assertThat(history.getJsonObject(1).getString("actor")).isEqualTo("supervisor-dana");
    assertThat(history.getJsonObject(1).getString("note")).isEqualTo("נשלח סייר");
    assertThat(history.getJsonObject(4).getString("note")).isEqualTo("העמוד יוצב");
  }

  @Test
  void aStaleVersionIs412AndChangesNothing() throws Exception {
    String id = node.report(EndToEndIT.REPORT).getString("id");
    assertThat(patch(id, node.adminToken(), "{\"status\":\"acknowledged\"}", "\"1\"").statusCode()).isEqualTo(200);
    HttpResponse<String> stale = patch(id, node.adminToken(), "{\"status\":\"assigned\"}", "\"1\"");
    assertError(stale, 412, "version_conflict");
    assertThat(stale.headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(new JsonObject(node.get("/api/v1/reports/" + id, node.adminToken()).body()).getString("status"))
        .isEqualTo("acknowledged");
  }

  @Test
  void theWorkflowAndTheRolesAreEnforced() throws Exception {
    String id = node.report(EndToEndIT.REPORT).getString("id");
    assertError(patch(id, node.adminToken(), "{\"status\":\"flying\"}", null), 422, "unknown_status");
    assertError(patch(id, node.adminToken(), "{}", null), 422, "missing_field");
    assertError(patch(id, node.adminToken(), "{\"colour\":\"red\"}", null), 422, "unknown_field");
    assertError(patch(id, node.adminToken(), "{\"status\":\"new\"}", "\"x\""), 400, "malformed_header");
    assertError(patch(id, node.token(Role.PATROLLER, "shimshon"), "{\"status\":\"acknowledged\"}", null), 403, "district_forbidden");
    assertError(patch(id, node.token(Role.DISPLAY), "{\"status\":\"acknowledged\"}", null), 403, "forbidden");
    assertError(patch(id, node.token(Role.INTAKE), "{\"status\":\"acknowledged\"}", null), 403, "forbidden");

    assertThat(patch(id, node.adminToken(), "{\"status\":\"closed\"}", null).statusCode()).isEqualTo(200);
    assertError(patch(id, node.adminToken(), "{\"status\":\"on_site\"}", null), 422, "invalid_transition");
    assertError(patch(id, node.token(Role.OPERATOR), "{\"status\":\"acknowledged\"}", null), 403, "reopen_forbidden");
    assertThat(patch(id, node.token(Role.SUPERVISOR), "{\"status\":\"acknowledged\"}", null).statusCode()).isEqualTo(200);

    assertError(patch("01a20f75-3b10-7333-af79-056ff126a8ea", node.adminToken(), "{\"status\":\"closed\"}", null), 404, "not_found");
    assertError(node.get("/api/v1/reports/" + id + "/history", node.token(Role.PATROLLER, "shimshon")), 403, "district_forbidden");
  }

  private static HttpResponse<String> patch(String id, String token, String body, String ifMatch) throws Exception {
    return node.patch("/api/v1/reports/" + id, token, body, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
  }
}
