package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.TestPostgres;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes on a PostgreSQL store, as production runs: the same API, the same guarantees. */
class PostgresNodeIT {

  @TempDir Path data;

  @Test
  void nodesShareAPostgresStore() throws Exception {
    Map<String, String> env = Map.of("HAMAL_STORE_URL", TestPostgres.freshDatabase());
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode a = RunningNode.start(data, cluster, env);
        RunningNode b = RunningNode.start(data, cluster, env)) {
      String token = a.tokenFor("sms-gateway", Role.INTAKE);
      Map<String, String> key = Map.of("Idempotency-Key", "pg-1");
      HttpResponse<String> created = a.post("/api/v1/reports", token, EndToEndIT.REPORT, key);
      assertThat(created.statusCode()).isEqualTo(201);
      String id = new JsonObject(created.body()).getString("id");

      HttpResponse<String> retried = b.post("/api/v1/reports", token, EndToEndIT.REPORT, key);
      assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
      assertThat(new JsonObject(retried.body()).getString("id")).isEqualTo(id);

      HttpResponse<String> read = b.get("/api/v1/reports/" + id, b.adminToken());
      // Read by id, it also names who filed it.
      assertThat(new JsonObject(read.body()))
          .isEqualTo(new JsonObject(created.body()).put("submittedBy", "sms-gateway"));
      assertThat(new JsonObject(b.get("/ready", null).body()).getJsonObject("checks").getBoolean("store"))
          .isTrue();
    }
  }
}
