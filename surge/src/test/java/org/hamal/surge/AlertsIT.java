package org.hamal.surge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Surge's rocket alerts against the real app jar (docs/alerts.md): {@code alert-latency} small,
 * where every field subscriber must get every alert and every all-clear, and a short
 * rocket-barrage whose waves each sound an alert and its all-clear. Counts, never timings.
 */
class AlertsIT {

  @TempDir static Path work;

  private static AppNode node;
  private static String adminToken;

  @BeforeAll
  static void startNode() throws Exception {
    adminToken = "surge-it-" + UUID.randomUUID();
    node = AppNode.single(work, adminToken);
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void everyFieldSubscriberGetsEveryAlertAndEveryAllClear() throws Exception {
    String relay = node.token("--role", "alerts", "--subject", "surge-it-relay");
    Path out = work.resolve("alert-latency");

    // Patroller tokens minted by surge itself (device links with the admin's token).
    String printed =
        surge(out, "alert-latency", "--subscribers", "20", "--alerts", "3", "--warmup-alerts", "1", "--alert-token", relay, "--pause", "0s");

    assertThat(printed).contains("alerts     3 sent, 3 acknowledged; all-clear 3 sent, 3 acknowledged");
    JsonObject r = new JsonObject(Files.readString(out.resolve("alert-latency.json")));
    assertThat(r.getInteger("alertsAcknowledged")).isEqualTo(3);
    assertThat(r.getInteger("clearsAcknowledged")).isEqualTo(3);
    JsonObject d = r.getJsonObject("deliveries");
    assertThat(d.getLong("expected")).isEqualTo(60);
    assertThat(d.getLong("received")).isEqualTo(60);
    assertThat(d.getLong("missing")).isZero();
    assertThat(d.getLong("clearReceived")).isEqualTo(60);
    assertThat(r.getJsonObject("toScreenMs").getLong("count")).isEqualTo(60);
    assertThat(r.getJsonArray("rounds")).hasSize(3);
    List<String> ids = new ArrayList<>();
    for (Object o : r.getJsonArray("rounds")) {
      JsonObject round = (JsonObject) o;
      assertThat(round.getInteger("status")).isEqualTo(201);
      assertThat(round.getInteger("received")).isEqualTo(20);
      assertThat(round.getInteger("clearReceived")).isEqualTo(20);
      ids.add(round.getString("id"));
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void aBarrageSoundsAnAlertAtEachWaveAndClearsItWhileItsReportsAreAudited() throws Exception {
    Path out = work.resolve("barrage");

    String printed =
        surge(out, "run", "rocket-barrage", "--rate", "2", "--impacts", "2", "--salvos", "2",
            "--reports-per-impact", "10", "--duration", "10s", "--subscribers", "2", "--seed", "28", "--no-progress");

    assertThat(printed).contains("audit      PASSED", "alerts     2 sent, 2 acknowledged; all-clear 2 sent, 2 acknowledged");
    JsonObject alerts = new JsonObject(Files.readString(out.resolve("results.json"))).getJsonObject("alerts");
    assertThat(alerts.getJsonArray("waves")).hasSize(2);
    assertThat(alerts.getJsonObject("errors")).isEmpty();
  }

  /** Runs surge's jar against the node with the admin token; what it printed, after a zero exit. */
  private static String surge(Path out, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--target", node.url(), "--token", adminToken));
    return AppNode.surge(out, command.toArray(String[]::new));
  }
}
