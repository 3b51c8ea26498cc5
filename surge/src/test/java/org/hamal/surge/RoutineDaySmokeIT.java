package org.hamal.surge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke run: the real app jar started as an operator starts it, a 10-second routine-day
 * through surge's own runnable jar with a screen, a patroller tablet and two admin subscribers,
 * and zero loss. Speed is not asserted; the figures are in the results for a person to read.
 */
class RoutineDaySmokeIT {

  @TempDir Path work;

  private AppNode node;
  private String adminToken;

  @BeforeEach
  void startNode() throws Exception {
    adminToken = "surge-it-" + UUID.randomUUID();
    node = AppNode.single(work, adminToken);
  }

  @AfterEach
  void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void tenSecondsOfRoutineDayLoseNothing() throws Exception {
    String display = node.token("--role", "display", "--subject", "surge-it-screen");
    String patroller = node.token("--role", "patroller", "--district", "barnea", "--subject", "surge-it-tablet");
    Path out = work.resolve("results");

    String printed = runSurge(out, "20261124", display, patroller);
    assertThat(printed).contains("audit      PASSED");

    JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
    JsonObject audit = results.getJsonObject("audit");
    JsonObject deliveries = audit.getJsonObject("deliveries");
    long acknowledged = results.getJsonObject("load").getLong("acknowledged");
    assertThat(acknowledged).isPositive();
    assertThat(audit.getBoolean("passed")).isTrue();
    assertThat(audit.getLong("acknowledged")).isEqualTo(acknowledged);
    assertThat(audit.getJsonObject("readBack").getLong("found")).isEqualTo(acknowledged);
    assertThat(audit.getJsonObject("readBack").getLong("missing")).isZero();
    assertThat(deliveries.getLong("missing")).isZero();
    assertThat(deliveries.getLong("duplicates")).isZero();
    assertThat(deliveries.getLong("delivered")).isEqualTo(deliveries.getLong("expected"));

    // Subscribers in turn: display, patroller (barnea only), admin, display.
    JsonArray subscribers = results.getJsonArray("subscribers");
    assertThat(subscribers).hasSize(4);
    JsonObject screen = subscribers.getJsonObject(0);
    JsonObject tablet = subscribers.getJsonObject(1);
    assertThat(screen.getString("scope")).isEqualTo("all");
    assertThat(screen.getLong("expected")).isEqualTo(acknowledged);
    assertThat(tablet.getString("scope")).isEqualTo("districts=barnea");
    assertThat(tablet.getLong("expected")).isPositive().isLessThan(acknowledged);
    assertThat(tablet.getLong("received")).isEqualTo(tablet.getLong("expected"));
    // Every subscriber expected the reports its scope holds: 3 x all + barnea's share.
    assertThat(deliveries.getLong("expected")).isEqualTo(3 * acknowledged + tablet.getLong("expected"));

    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("Chart.js v4.5.1", "routine-day").doesNotContainPattern("<script[^>]+src=");

    // A second run against the same node: its subscribers' snapshots now hold the first run's
    // open reports, which are not this run's to audit.
    String again = runSurge(work.resolve("results-again"), "20261125", display, patroller);
    assertThat(again).contains("audit      PASSED");
  }

  /** Runs surge's jar for 10 s of routine day; returns what it printed, after a zero exit. */
  private String runSurge(Path out, String seed, String display, String patroller) throws Exception {
    return AppNode.surge(out,
        "run", "routine-day",
        "--target", node.url(),
        "--token", adminToken,
        "--rate", "20",
        "--duration", "10s",
        "--subscribers", "4",
        "--subscriber-token", display,
        "--subscriber-token", patroller,
        "--subscriber-token", adminToken,
        "--seed", seed,
        "--no-progress");
  }
}
