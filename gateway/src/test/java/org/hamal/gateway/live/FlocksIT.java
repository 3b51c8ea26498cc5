package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coalesced screens that see the same thing share one batch per tick (a flock per filter and
 * event loop), and every one of them, including one that stalls and leaves its flock, gets every
 * report.
 */
class FlocksIT {

  /** Reading ones; one more stalls. */
  private static final int CITY_SCREENS = 24;
  private static final int SHIMSHON_SCREENS = 8;
  /**
   * Each round is a batch of its own (the reading screens show it before the next is posted):
   * Vert.x reports a send buffer full only once 16 messages wait behind Netty's.
   */
  private static final int ROUNDS = 30;
  /** About 3.2 KB a report: what the stalled screen is sent (≈ 1 MB) overflows its socket buffers. */
  private static final String TEXT = "ענף גדול נפל על המדרכה ליד הגן ".repeat(58);
  private static final int PER_ROUND = 10;

  /**
   * Two event loops; small send buffers, so that the stalled screen's fills within a few batches
   * (the kernel's autotuned one would hold them all).
   */
  private static final String CONFIG = """
      http:
        instances: 2
      live:
        socketSendBufferBytes: 8192
        writeQueueBytes: 32768
      """;

  @TempDir Path data;

  @Test
  void screensOfOneFilterShareABatchAndEachGetsEveryReport() throws Exception {
    List<LiveClient> city = new ArrayList<>();
    List<LiveClient> shimshon = new ArrayList<>();
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), Map.of(), CONFIG)) {
      try {
        // The last city screen stalls from the start, before its socket buffers grow: it joins a
        // flock, if at all, only until its send buffer fills, then catches up alone.
        for (int i = 0; i <= CITY_SCREENS + SHIMSHON_SCREENS; i++) {
          LiveClient screen = LiveClient.connect(node.liveUri(), node.tokenFor("wall-" + i, Role.DISPLAY));
          screen.next("hello", 30);
          boolean local = i >= CITY_SCREENS && i < CITY_SCREENS + SHIMSHON_SCREENS;
          screen.send(new JsonObject().put("type", "subscribe").put("coalesce", true)
              .put("filter", local ? new JsonObject().put("districts", new JsonArray().add("shimshon")) : new JsonObject()));
          screen.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
          (local ? shimshon : city).add(screen);
        }
        LiveClient stalled = city.get(city.size() - 1);
        stalled.pause();
        List<LiveClient> reading = new ArrayList<>(city.subList(0, city.size() - 1));
        Set<String> all = new java.util.HashSet<>();
        Set<String> inShimshon = new java.util.HashSet<>();
        post(node, 0, all, inShimshon);
        awaitPictures(reading, all, shimshon, inShimshon);
        // Once changes flow, each coalesced screen joins the flock of its filter on its loop.
        int screens = CITY_SCREENS + SHIMSHON_SCREENS;
        assertThat(Eventually.until(() -> node.services().live().flocked(), n -> n >= screens, Duration.ofSeconds(30)))
            .as("reading screens in a flock").isGreaterThanOrEqualTo(screens);
        assertThat(node.services().live().flocks()).as("flocks: one per filter and event loop at most").isBetween(2, 4);

        for (int round = 1; round < ROUNDS; round++) {
          post(node, round, all, inShimshon);
          awaitPictures(reading, all, shimshon, inShimshon);
        }
        assertThat(Eventually.until(() -> node.services().live().flocked(), n -> n == screens, Duration.ofSeconds(30)))
            .as("screens in a flock while one stalls").isEqualTo(screens);
        assertThat(inShimshon).isNotEmpty().hasSizeLessThan(all.size());
        stalled.resume();
        awaitPictures(city, all, shimshon, inShimshon);
      } finally {
        for (LiveClient screen : city) {
          screen.close();
        }
        for (LiveClient screen : shimshon) {
          screen.close();
        }
      }
    }
  }

  private static void awaitPictures(List<LiveClient> city, Set<String> all, List<LiveClient> shimshon,
      Set<String> inShimshon) throws InterruptedException {
    for (LiveClient screen : city) {
      awaitPicture(screen, all);
    }
    for (LiveClient screen : shimshon) {
      awaitPicture(screen, inShimshon);
    }
  }

  private static void awaitPicture(LiveClient screen, Set<String> expected) throws InterruptedException {
    while (!screen.reports().keySet().equals(expected)) {
      assertThat(screen.next(m -> true, 60)).as("the screen stopped converging").isNotNull();
    }
  }

  /** A round of reports, half in Shimshon, half elsewhere in the city, noted in the sets. */
  private static void post(RunningNode node, int round, Set<String> all, Set<String> inShimshon) throws Exception {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < PER_ROUND; i++) {
      JsonObject location = i % 2 == 0
          ? new JsonObject().put("lon", 34.545).put("lat", 31.655)
          : new JsonObject().put("lon", 34.5712).put("lat", 31.6688);
      batch.add(new JsonObject().put("category", "hazard").put("description", TEXT + round + "/" + i)
          .put("location", location));
    }
    JsonObject answer = new JsonObject(node.post("/api/v1/reports:batch", node.adminToken(), batch.encode()).body());
    List<JsonObject> reports = answer.getJsonArray("results").stream()
        .map(r -> ((JsonObject) r).getJsonObject("report")).collect(Collectors.toList());
    assertThat(reports).hasSize(PER_ROUND).doesNotContainNull();
    for (JsonObject r : reports) {
      all.add(r.getString("id"));
      if ("shimshon".equals(r.getString("district"))) {
        inShimshon.add(r.getString("id"));
      }
    }
  }
}
