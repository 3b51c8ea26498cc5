package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A screen whose network stalls while 100,000 events flow: the server must not hold them for it
 * (its memory stays bounded), and once the screen reads again it must converge to the right
 * picture.
 */
class SlowConsumerIT {

  private static final int REPORTS = 100;
  private static final int EVENTS = 100_000;
  private static final int IN_FLIGHT = 500;
  /** About 2 KB of UTF-8 per event, so that holding them all would take well over 200 MB. */
  private static final String LONG_TEXT = "עמוד חשמל נוטה מעל המדרכה ליד בית הספר ".repeat(25);
  /**
   * Far below what holding every event's frame would take (~200+ MB). The node itself keeps the
   * last events in its window and the cluster's log: both are kept small here, so that any
   * growth beyond them would be the stalled client's.
   */
  private static final long HEAP_GROWTH_LIMIT = 80L << 20;

  @TempDir Path data;

  @Test
  void aStalledClientCostsBoundedMemoryAndConvergesWhenItReadsAgain() throws Exception {
    try (RunningNode node =
        RunningNode.start(
            data,
            TestClusters.random(),
            Map.of(),
            """
            cluster:
              eventHistory: 2000
            live:
              windowEvents: 1000
              deadAfterSeconds: 600
              writeQueueBytes: 65536
            """)) {
      List<JsonObject> reports = postLongReports(node, REPORTS);

      try (LiveClient screen = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
        screen.next("hello", 30);
        screen.subscribe(new JsonObject(), null, null);
        screen.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
        screen.pause();
        long before = usedHeapAfterGc();

        Map<String, Integer> finalVersions = publish(node, reports);

        long growth = usedHeapAfterGc() - before;
        assertThat(growth).as("heap growth in bytes while the client stalled").isLessThan(HEAP_GROWTH_LIMIT);

        screen.resume();
        while (!versions(screen).equals(finalVersions)) {
          assertThat(screen.next(m -> true, 60)).as("the screen stopped converging").isNotNull();
        }
        List<JsonObject> received = screen.drain();
        long single = received.stream().filter(m -> "report.updated".equals(m.getString("type"))).count();
        assertThat(single).as("events sent one by one to a stalled client").isLessThan(EVENTS / 10);
      }
    }
  }

  /** Posts {@code count} reports of about 2 KB each in one batch; the stored reports. */
  static List<JsonObject> postLongReports(RunningNode node, int count) throws Exception {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < count; i++) {
      batch.add(
          new JsonObject()
              .put("category", "hazard")
              .put("description", LONG_TEXT)
              .put("location", new JsonObject().put("lon", 34.5712).put("lat", 31.6688)));
    }
    var answer = new JsonObject(node.post("/api/v1/reports:batch", node.adminToken(), batch.encode()).body());
    List<JsonObject> reports = new ArrayList<>();
    answer.getJsonArray("results").forEach(r -> reports.add(((JsonObject) r).getJsonObject("report")));
    assertThat(reports).hasSize(count);
    return reports;
  }

  /** Publishes version after version of every report into the cluster's change log. */
  private static Map<String, Integer> publish(RunningNode node, List<JsonObject> reports) throws Exception {
    ReportEvents events = node.services().events();
    Context context = node.services().node().vertx().getOrCreateContext();
    Map<String, Integer> versions = new HashMap<>();
    List<Future<Long>> inFlight = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      JsonObject report = reports.get(i % REPORTS).copy();
      int version = 2 + i / REPORTS;
      report.put("version", version).put("status", "acknowledged");
      versions.put(report.getString("id"), version);
      JsonObject previous = new JsonObject().put("status", version == 2 ? "new" : "acknowledged").put("version", version - 1);
      inFlight.add(events.publish(context, ReportEvents.Kind.UPDATED, report, previous));
      if (inFlight.size() == IN_FLIGHT) {
        Future.all(inFlight).await(60, TimeUnit.SECONDS);
        inFlight.clear();
      }
    }
    Future.all(inFlight).await(60, TimeUnit.SECONDS);
    return versions;
  }

  private static Map<String, Integer> versions(LiveClient client) {
    Map<String, Integer> out = new HashMap<>();
    client.reports().forEach((id, r) -> out.put(id, r.getInteger("version")));
    return out;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
