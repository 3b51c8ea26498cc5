package org.hamal.gateway.fault;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;

/**
 * Node JVMs of one cluster sharing one PostgreSQL server, run as the README says for a cluster on
 * one machine ({@code hamal.jar postgres}, in a JVM of its own); and the checks that no
 * acknowledged report was lost or doubled.
 */
final class ThreeNodeCluster implements AutoCloseable {

  static final int SIZE = 3;

  private final Path logs;
  private final Map<String, String> env = new HashMap<>();
  private final NodeProcess[] nodes = new NodeProcess[SIZE];
  private final int[] ports = new int[SIZE];
  private final String adminToken = "fault-admin-" + UUID.randomUUID();
  private final PostgresProcess postgres;

  ThreeNodeCluster(Path data) throws Exception {
    this.logs = Files.createDirectories(Path.of("target", "fault-logs"));
    ClusterOptions cluster = TestClusters.random();
    postgres = PostgresProcess.start(data.resolve("postgres"), logs);
    env.put("HAMAL_DATA_DIR", data.toString());
    env.put("HAMAL_ADMIN_TOKEN", adminToken);
    env.put("HAMAL_CLUSTER_NAME", cluster.name());
    env.put("HAMAL_CLUSTER_PORT", String.valueOf(cluster.port()));
    env.put("HAMAL_CLUSTER_MEMBERS", String.join(",", cluster.members()));
    env.put("HAMAL_STORE_URL", postgres.url());
    for (int i = 0; i < SIZE; i++) {
      ports[i] = org.hamal.cluster.TestPorts.free();
    }
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

  /** SIGTERM to every node, each stopping cleanly. */
  void stopAll() throws InterruptedException {
    for (NodeProcess n : nodes) {
      if (n != null && n.isAlive()) {
        n.stop();
      }
    }
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
   * id it was acknowledged with ({@link Acknowledged#check}).
   *
   * @return how many reports the run stored in all (acknowledged or not)
   */
  int assertNothingLostOrDoubled(String run, Map<String, String> acknowledged, java.util.function.Function<String, String> how)
      throws Exception {
    return Acknowledged.check(postgres.url(), livePorts(), adminToken, run, acknowledged, how);
  }

  @Override
  public void close() throws Exception {
    try {
      for (NodeProcess n : nodes) {
        if (n != null && n.isAlive()) {
          n.resume();
          n.stop();
        }
      }
    } finally {
      postgres.stop();
    }
  }
}
