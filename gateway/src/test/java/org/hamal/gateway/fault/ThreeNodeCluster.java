package org.hamal.gateway.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;

/**
 * Three node JVMs of one cluster sharing one data directory and one store: the embedded default
 * (H2 in mixed mode, the first node serving the file to the others) or a PostgreSQL server; and
 * the checks that no acknowledged report was lost or doubled.
 */
final class ThreeNodeCluster implements AutoCloseable {

  static final int SIZE = 3;

  /** The store the nodes share. */
  enum Store {
    H2,
    POSTGRES;

    /**
     * The store a test runs on: its own choice unless {@code -Dhamal.fault.store=h2|postgres}
     * picks one for every fault test (e.g. to take all the figures on PostgreSQL).
     */
    static Store forTest(Store chosen) {
      String forced = System.getProperty("hamal.fault.store");
      return forced == null || forced.isBlank() ? chosen : valueOf(forced.toUpperCase(java.util.Locale.ROOT));
    }

    /** PostgreSQL when the test environment has a server (.ci/run starts one), else H2. */
    static Store preferred() {
      return org.hamal.cluster.TestPostgres.available() ? POSTGRES : H2;
    }
  }

  private final Path data;
  private final Path logs;
  private final Map<String, String> env = new HashMap<>();
  private final NodeProcess[] nodes = new NodeProcess[SIZE];
  private final int[] ports = new int[SIZE];
  private final String adminToken = "fault-admin-" + UUID.randomUUID();
  private final String storeUrl;
  private final Store store;

  ThreeNodeCluster(Path data, Store store) throws Exception {
    this.store = store;
    this.data = data;
    this.logs = Files.createDirectories(Path.of("target", "fault-logs"));
    ClusterOptions cluster = TestClusters.random();
    env.put("HAMAL_DATA_DIR", data.toString());
    env.put("HAMAL_ADMIN_TOKEN", adminToken);
    env.put("HAMAL_CLUSTER_NAME", cluster.name());
    env.put("HAMAL_CLUSTER_PORT", String.valueOf(cluster.port()));
    env.put("HAMAL_CLUSTER_MEMBERS", String.join(",", cluster.members()));
    if (store == Store.POSTGRES) {
      storeUrl = org.hamal.cluster.TestPostgres.freshDatabase(); // skips the test without a server
      env.put("HAMAL_STORE_URL", storeUrl);
    } else {
      storeUrl = "jdbc:h2:file:" + data.resolve("hamal") + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE";
    }
    for (int i = 0; i < SIZE; i++) {
      ports[i] = org.hamal.cluster.TestPorts.free();
    }
  }

  Store store() {
    return store;
  }

  String adminToken() {
    return adminToken;
  }

  /** Starts every node that is not running, in parallel. */
  void startAll() throws Exception {
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      if (nodes[i] == null || !nodes[i].isAlive()) {
        int n = i;
        starting.add(CompletableFuture.runAsync(() -> startUnchecked(n)));
      }
    }
    CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
  }

  void start(int i) throws Exception {
    nodes[i] = NodeProcess.start("node" + i, ports[i], logs, env);
  }

  private void startUnchecked(int i) {
    try {
      start(i);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  int port(int i) {
    return ports[i];
  }

  NodeProcess node(int i) {
    return nodes[i];
  }

  /** HTTP ports of the nodes that are up and not paused. */
  synchronized List<Integer> livePorts() {
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      if (nodes[i] != null && nodes[i].isAlive() && !paused[i]) {
        live.add(ports[i]);
      }
    }
    return live;
  }

  private final boolean[] paused = new boolean[SIZE];

  synchronized void markPaused(int i, boolean value) {
    paused[i] = value;
  }

  void killAll() throws InterruptedException {
    for (NodeProcess n : nodes) {
      if (n != null) {
        n.kill();
      }
    }
  }

  /**
   * Every acknowledged report is served by every running node and stored exactly once, under the
   * id it was acknowledged with.
   *
   * @param how how a key was acknowledged, for the message of a failure
   * @return how many reports the run stored in all (acknowledged or not)
   */
  int assertNothingLostOrDoubled(String run, Map<String, String> acknowledged, java.util.function.Function<String, String> how)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int port : livePorts()) {
      for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
        HttpResponse<String> r =
            http.send(
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
    try (Connection c = storeUrl.startsWith("jdbc:h2:")
            ? DriverManager.getConnection(storeUrl, "sa", "")
            : DriverManager.getConnection(storeUrl);
        PreparedStatement q =
            c.prepareStatement("SELECT idempotency_key, id FROM report WHERE idempotency_key LIKE ?")) {
      q.setString(1, "admin:" + run + "-%");
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          stored.computeIfAbsent(rs.getString(1).substring("admin:".length()), k -> new ArrayList<>())
              .add(rs.getString(2));
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

  @Override
  public void close() throws Exception {
    for (NodeProcess n : nodes) {
      if (n != null && n.isAlive()) {
        n.resume();
        n.stop();
      }
    }
  }
}
