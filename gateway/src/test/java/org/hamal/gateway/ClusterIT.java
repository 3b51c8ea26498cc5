package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.TestPostgres;
import org.hamal.cluster.events.OpenReports;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes as one cluster: membership, idempotency across nodes, and a full restart. */
class ClusterIT {

  @TempDir Path data;

  @Test
  void membersAreListedAndARetryOnAnotherNodeFindsTheOriginal() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode a = RunningNode.start(data, cluster);
        RunningNode b = RunningNode.start(data, cluster)) {
      HttpResponse<String> status = a.get("/api/v1/cluster", a.adminToken());
      assertThat(status.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(status.body());
      assertThat(body.getString("name")).isEqualTo(cluster.name());
      assertThat(body.getJsonArray("members")).hasSize(2);
      assertThat(body.getString("state")).isEqualTo("ACTIVE");
      assertThat(body.containsKey("partitionsSafe")).isTrue();
      assertThat(a.get("/api/v1/cluster", a.token(Role.DISPLAY)).statusCode()).isEqualTo(403);
      assertThat(new JsonObject(a.get("/ready", null).body()).getInteger("clusterSize")).isEqualTo(2);

      // The client's answer from A was lost; it retries on B with the same key.
      String token = a.tokenFor("telephony", Role.INTAKE);
      Map<String, String> key = Map.of("Idempotency-Key", "call-" + UUID.randomUUID());
      HttpResponse<String> onA = a.post("/api/v1/reports", token, EndToEndIT.REPORT, key);
      HttpResponse<String> onB = b.post("/api/v1/reports", token, EndToEndIT.REPORT, key);
      assertThat(onA.statusCode()).isEqualTo(201);
      assertThat(onB.statusCode()).isEqualTo(201);
      assertThat(onB.headers().firstValue("Idempotent-Replayed")).hasValue("true");
      assertThat(new JsonObject(onB.body()).getString("id"))
          .isEqualTo(new JsonObject(onA.body()).getString("id"));
    }
  }

  @Test
  void afterAFullRestartStoredReportsAreServedAndOpenOnesAreBackInTheCluster() throws Exception {
    List<String> ids = new ArrayList<>();
    ClusterOptions before = TestClusters.random();
    try (RunningNode a = RunningNode.start(data, before);
        RunningNode b = RunningNode.start(data, before)) {
      for (int i = 0; i < 30; i++) {
        RunningNode target = i % 2 == 0 ? a : b;
        HttpResponse<String> r = target.post("/api/v1/reports", target.adminToken(), EndToEndIT.REPORT);
        assertThat(r.statusCode()).isEqualTo(201);
        ids.add(new JsonObject(r.body()).getString("id"));
      }
    }
    // Every member gone: the cluster map is gone with them. A new cluster on the same store.
    try (RunningNode c = RunningNode.start(data, TestClusters.random())) {
      for (String id : ids) {
        assertThat(c.get("/api/v1/reports/" + id, c.adminToken()).statusCode()).isEqualTo(200);
        assertThat(
                c.node().cluster().hazelcast().getMap(ClusterMaps.OPEN_REPORTS)
                    .containsKey(OpenReports.key(id, "neot-ashkelon")))
            .isTrue();
      }
      JsonObject status = new JsonObject(c.get("/api/v1/cluster", c.adminToken()).body());
      assertThat(status.getInteger("openReports")).isEqualTo(ids.size());
    }
  }

  @Test
  void aNodeWhoseStoreIsNotTheClustersRefusesToJoin(@TempDir Path own, @TempDir Path other) throws Exception {
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode first = RunningNode.start(own, cluster, RunningNode.EMBEDDED)) {
      // Its own embedded server, in a cluster of two: each would keep its own reports.
      assertThatThrownBy(() -> RunningNode.start(other, cluster, RunningNode.EMBEDDED).close())
          .hasStackTraceContaining("share one PostgreSQL server")
          .hasStackTraceContaining("HAMAL_STORE_URL");
      // Another database than the one the cluster's first member uses.
      assertThatThrownBy(() -> RunningNode.start(other, cluster, Map.of("HAMAL_STORE_URL", TestPostgres.freshDatabase())).close())
          .hasStackTraceContaining("every node of a cluster must have the same HAMAL_STORE_URL");
      // The refused nodes left; the first one serves on, alone again once it has seen them go.
      JsonObject ready = Eventually.until(
          () -> new JsonObject(first.get("/ready", null).body()), r -> r.getInteger("clusterSize") == 1, Duration.ofSeconds(30));
      assertThat(ready.getString("status")).isEqualTo("ready");
      assertThat(ready.getInteger("clusterSize")).isEqualTo(1);
    }
  }
}
