package org.hamal.gateway.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The fault tests' verdict: every acknowledged report is there, once, under its id. */
final class Acknowledged {

  private Acknowledged() {}

  /**
   * Every acknowledged report is served by every node listening on {@code ports} and stored
   * exactly once in the database at {@code storeUrl}, under the id it was acknowledged with.
   *
   * @param acknowledged idempotency key → the id it was acknowledged with
   * @param how how a key was acknowledged, for the message of a failure
   * @return how many reports the run stored in all (acknowledged or not)
   */
  static int check(String storeUrl, List<Integer> ports, String adminToken, String run,
      Map<String, String> acknowledged, Function<String, String> how) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int port : ports) {
      for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
        HttpResponse<String> r = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/reports/" + ack.getValue()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode())
            .as("report %s (key %s, %s) on port %d", ack.getValue(), ack.getKey(), how.apply(ack.getKey()), port)
            .isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("id")).isEqualTo(ack.getValue());
      }
    }
    Map<String, List<String>> stored = new HashMap<>();
    try (Connection c = DriverManager.getConnection(storeUrl);
        PreparedStatement q = c.prepareStatement("SELECT idempotency_key, id FROM report WHERE idempotency_key LIKE ?")) {
      q.setString(1, "admin:" + run + "-%");
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          stored.computeIfAbsent(rs.getString("idempotency_key").substring("admin:".length()), k -> new ArrayList<>())
              .add(rs.getString("id"));
        }
      }
    }
    for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
      assertThat(stored.get(ack.getKey()))
          .as("rows stored for acknowledged key %s (%s)", ack.getKey(), how.apply(ack.getKey()))
          .containsExactly(ack.getValue());
    }
    assertThat(stored.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    return stored.size();
  }
}
