package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /bench/fanout: absent unless switched on; when on, both the real delivery path and the
 * bare loop bring exactly N events to every live client, and nothing of them stays behind.
 */
class FanoutBenchIT {

  private static final int EVENTS = 700;

  @TempDir Path data;

  @Test
  void theEndpointIsAbsentUnlessSwitchedOn() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      var answer = node.post("/bench/fanout", node.adminToken(), "{\"events\":10,\"via\":\"hub\"}");
      assertThat(answer.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void bothPathsDeliverExactlyNEventsToEveryClientAndLeaveNothingBehind() throws Exception {
    try (RunningNode node =
            RunningNode.start(data, TestClusters.random(), Map.of("HAMAL_BENCH_FANOUT", "true"));
        LiveClient admin = LiveClient.connect(node.liveUri(), node.adminToken());
        LiveClient operator = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR));
        LiveClient display = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      List<LiveClient> clients = List.of(admin, operator, display);
      for (LiveClient c : clients) {
        assertThat(c.next("hello", 30)).isNotNull();
      }
      assertThat(node.post("/bench/fanout", node.token(Role.OPERATOR), "{\"events\":1,\"via\":\"hub\"}").statusCode())
          .isEqualTo(403);
      assertThat(node.post("/bench/fanout", node.adminToken(), "{\"events\":0,\"via\":\"hub\"}").statusCode())
          .isEqualTo(422);
      assertThat(node.post("/bench/fanout", node.adminToken(), "{\"events\":1,\"via\":\"loop\"}").statusCode())
          .isEqualTo(422);

      for (String via : List.of("bare", "hub", "bare", "hub")) {
        var answer = node.post("/bench/fanout", node.adminToken(), "{\"events\":" + EVENTS + ",\"via\":\"" + via + "\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(new JsonObject(answer.body()).getInteger("subscribers")).isEqualTo(clients.size());
        // A real report after the synthetic ones: it must still reach every client (no client's
        // position moved), and everything before it is what the benchmark delivered.
        String real = node.report(LiveProtocolIT.NEOT).getString("id");
        for (LiveClient c : clients) {
          Map<String, Integer> synthetic = deliveriesUntil(c, real);
          if (via.equals("bare")) {
            assertThat(synthetic).hasSize(1);
            assertThat(synthetic.values()).containsExactly(EVENTS);
          } else {
            assertThat(synthetic).hasSize(EVENTS);
            assertThat(synthetic.values()).allMatch(times -> times == 1);
          }
        }
      }

      // Nothing synthetic was stored or counted.
      var open = new JsonObject(node.get("/api/v1/reports", node.adminToken()).body());
      assertThat(open.encode()).doesNotContain("bench-").doesNotContain("\"synthetic\"");
      try (LiveClient late = LiveClient.connect(node.liveUri(), node.adminToken())) {
        late.next("hello", 30);
        late.subscribe(new JsonObject(), null, null);
        JsonObject snapshot = late.next("snapshot", 30);
        assertThat(snapshot.getJsonArray("reports")).hasSize(4);
        assertThat(snapshot.getJsonObject("counts").fieldNames()).doesNotContain("bench");
      }
    }
  }

  /** Synthetic report ids the client received, with how often, until the real report came. */
  private static Map<String, Integer> deliveriesUntil(LiveClient client, String realId) throws Exception {
    Map<String, Integer> synthetic = new HashMap<>();
    while (true) {
      JsonObject m = client.next(x -> true, 60);
      assertThat(m).as("the real report after the benchmark's never came").isNotNull();
      List<JsonObject> reports = new ArrayList<>();
      switch (m.getString("type")) {
        case "report.created" -> reports.add(m.getJsonObject("report"));
        case "batch" -> m.getJsonArray("reports").forEach(r -> reports.add((JsonObject) r));
        default -> {}
      }
      boolean done = false;
      for (JsonObject r : reports) {
        if (r.getString("id").equals(realId)) {
          done = true;
        } else {
          assertThat(r.getBoolean("synthetic")).as(r.encode()).isTrue();
          synthetic.merge(r.getString("id"), 1, Integer::sum);
        }
      }
      if (done) {
        return synthetic;
      }
    }
  }

}
