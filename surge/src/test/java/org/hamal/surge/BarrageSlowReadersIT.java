package org.hamal.surge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short rocket-barrage against the real app jar while a hundred screens watch, a fifth of them
 * slow readers that stop reading for seconds at a time (issue 31): every acknowledged report is
 * read back, and every screen learned of every report — as a marker, folded into its counts, or
 * in a snapshot the node sent it when it fell behind — and none twice. First in routine (single
 * deltas, and coalescing for the slow), then in an emergency set by hand (every map coalesced,
 * reports below the marker priority folded). The node's buffers are small so that the pauses
 * reach it within seconds. Counts, never timings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BarrageSlowReadersIT {

  private static final int SUBSCRIBERS = 100;
  private static final int SLOW = 20;

  @TempDir static Path work;

  private static AppNode node;
  private static String adminToken;

  @BeforeAll
  static void startNode() throws Exception {
    adminToken = "surge-it-" + UUID.randomUUID();
    Path config = work.resolve("hamal.yaml");
    // The mode changes only by hand here. A slow reader fills a write queue of 8 KB and a kernel
    // buffer of 8 KB within its pause, and more than 40 reports waiting get it a fresh snapshot.
    Files.writeString(
        config,
        """
        mode:
          intakeRatePerSecond: 1000000
          intakeRatePerCallerAndDistrict: 1000000
          alertAreas: 0
        live:
          writeQueueBytes: 8192
          socketSendBufferBytes: 4096
          maxPendingReports: 40
        """);
    node = AppNode.single(work, adminToken, Map.of("HAMAL_CONFIG", config.toString()));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void inRoutineSlowReadersLoseNoReport() throws Exception {
    JsonObject results = barrage(work.resolve("routine"), "31");
    assertEveryReportReachedEveryScreenOnce(results);
    // They fell behind: the node sent them fresh snapshots, often older than what they had been
    // sent (shared), and the creations after those came again without counting twice.
    assertThat(results.getJsonObject("readers").getJsonObject("slow").getLong("snapshots")).isPositive();
  }

  @Test
  @Order(2)
  void inAnEmergencyEveryScreenLearnsOfEveryReportAsAMarkerOrFolded() throws Exception {
    HttpResponse<String> set =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/mode"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"emergency\",\"reason\":\"barrage IT\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

    JsonObject results = barrage(work.resolve("emergency"), "32");
    assertEveryReportReachedEveryScreenOnce(results);
    // The barrage's routine background is below the marker priority: folded for every screen.
    assertThat(results.getJsonObject("audit").getJsonObject("deliveries").getLong("folded")).isPositive();
  }

  /** About 300 reports over 25 s, 100 admin screens of which the first 20 read slowly. */
  private static JsonObject barrage(Path out, String seed) throws Exception {
    AppNode.Ran run =
        AppNode.run(out,
            "run", "rocket-barrage", "--target", node.url(), "--token", adminToken,
            "--rate", "4", "--impacts", "4", "--salvos", "2", "--reports-per-impact", "50",
            "--duration", "25s", "--no-alerts", "--subscribers", String.valueOf(SUBSCRIBERS),
            "--slow-subscribers", String.valueOf(SLOW), "--slow-pause", "6s", "--slow-every", "10s",
            "--seed", seed, "--no-progress");
    JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
    // The audit's own words first: they say which reports were missed, and by whom.
    JsonObject deliveries = results.getJsonObject("audit").getJsonObject("deliveries");
    assertThat(deliveries.getLong("missing")).as(run.printed()).isZero();
    assertThat(deliveries.getLong("duplicates")).as(run.printed()).isZero();
    assertThat(run.exit()).as(run.printed()).isZero();
    assertThat(run.printed()).contains("audit      PASSED");
    return results;
  }

  private static void assertEveryReportReachedEveryScreenOnce(JsonObject results) {
    JsonObject audit = results.getJsonObject("audit");
    JsonObject deliveries = audit.getJsonObject("deliveries");
    long acknowledged = results.getJsonObject("load").getLong("acknowledged");
    assertThat(acknowledged).isGreaterThan(100);
    assertThat(audit.getLong("acknowledged")).isEqualTo(acknowledged);
    assertThat(audit.getJsonObject("readBack").getLong("found")).isEqualTo(acknowledged);
    assertThat(audit.getJsonObject("readBack").getLong("missing")).isZero();
    assertThat(audit.getJsonObject("readBack").getJsonObject("unreadable")).isEmpty();
    // Admin screens: every report is every screen's.
    assertThat(deliveries.getLong("expected")).isEqualTo(SUBSCRIBERS * acknowledged);
    assertThat(deliveries.getLong("delivered")).isEqualTo(deliveries.getLong("expected"));
    assertThat(deliveries.getLong("asMarkers") + deliveries.getLong("folded")).isEqualTo(deliveries.getLong("delivered"));
    JsonObject slow = results.getJsonObject("readers").getJsonObject("slow");
    assertThat(slow.getInteger("subscribers")).isEqualTo(SLOW);
    // Each paused at least twice in 25 s (the first pause within 10 s of connecting, then every 10 s).
    assertThat(slow.getLong("pauses")).isGreaterThanOrEqualTo(2L * SLOW);
    for (Object o : results.getJsonArray("subscribers")) {
      JsonObject s = (JsonObject) o;
      assertThat(s.getLong("missing")).as(s.encode()).isZero();
      assertThat(s.getLong("duplicates")).as(s.encode()).isZero();
    }
  }
}
