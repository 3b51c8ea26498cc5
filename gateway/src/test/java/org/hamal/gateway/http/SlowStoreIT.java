package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.TestPostgres;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.Submission;
import org.hamal.gateway.EndToEndIT;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that slows down at random, before the commit and during it, past the node's deadline:
 * every answer must tell the truth. {@code 201}: stored. {@code 503 store_unavailable}: not
 * stored, whatever happens after. {@code 503 outcome_unknown}: names the id to look up.
 */
class SlowStoreIT {

  private static final int CLIENTS = 4;
  private static final int REPORTS_EACH = 20;
  private static final String SUBJECT = "sms-gateway";

  @TempDir Path data;

  @Test
  void every503SaysTruthfullyWhetherTheReportWasStored() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), Map.of(), "store:\n  timeoutMillis: 300\n")) {
      String url = TestPostgres.databaseFor(data);
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        // While inserting, before the commit is sent (up to past the deadline)...
        s.execute("CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN PERFORM pg_sleep(random() * 0.4); RETURN NULL; END $$");
        s.execute("CREATE TRIGGER slow_insert AFTER INSERT ON report FOR EACH STATEMENT EXECUTE FUNCTION slow_insert()");
        // ...and while committing (up to well past it), once per transaction.
        s.execute("CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF current_setting('hamal.slept', true) IS DISTINCT FROM 'yes' THEN"
            + " PERFORM set_config('hamal.slept', 'yes', true); PERFORM pg_sleep(random() * 1.5); END IF;"
            + " RETURN NULL; END $$");
        s.execute("CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON report DEFERRABLE INITIALLY DEFERRED"
            + " FOR EACH ROW EXECUTE FUNCTION slow_commit()");
      }
      String token = node.tokenFor(SUBJECT, Role.INTAKE);
      Map<String, HttpResponse<String>> answers = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        running.add(clients.submit(() -> {
          for (int i = 0; i < REPORTS_EACH; i++) {
            String key = "slow-" + UUID.randomUUID();
            answers.put(key, node.post("/api/v1/reports", token, EndToEndIT.REPORT, Map.of("Idempotency-Key", key)));
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
      clients.shutdown();
      TestPostgres.awaitIdle(url, Duration.ofSeconds(60));

      int stored = 0;
      int refused = 0;
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement q = c.prepareStatement("SELECT count(*) FROM report WHERE id = ?")) {
        for (Map.Entry<String, HttpResponse<String>> a : answers.entrySet()) {
          String id = ReportIds.forKey(Submission.scopedKey(SUBJECT, a.getKey()));
          q.setString(1, id);
          int rows;
          try (ResultSet rs = q.executeQuery()) {
            rs.next();
            rows = rs.getInt(1);
          }
          HttpResponse<String> answer = a.getValue();
          if (answer.statusCode() == 201) {
            assertThat(rows).as("acknowledged %s", id).isEqualTo(1);
            stored++;
            continue;
          }
          assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
          JsonObject error = new JsonObject(answer.body()).getJsonObject("error");
          if ("outcome_unknown".equals(error.getString("code"))) {
            assertThat(error.getJsonArray("ids")).containsExactly(id);
          } else {
            assertThat(error.getString("code")).isEqualTo("store_unavailable");
            assertThat(rows).as("refused as not stored: %s", id).isZero();
            refused++;
          }
        }
      }
      assertThat(stored).as("some reports were stored").isPositive();
      assertThat(refused).as("some were refused in time").isPositive();
      System.out.printf("SLOW STORE: %d answers, %d stored, %d refused as not stored%n", answers.size(), stored, refused);
    }
  }

}
