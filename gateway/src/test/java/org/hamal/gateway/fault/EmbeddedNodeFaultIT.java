package org.hamal.gateway.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.TestPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default, killed for real: one node JVM running its own PostgreSQL in its data
 * directory, killed with -9 under a load of uniquely keyed reports and started again, five times.
 * Every acknowledged report must be back exactly once, and each start must take over the server
 * its killed predecessor left running.
 */
class EmbeddedNodeFaultIT {

  private static final int CLIENTS = 4;
  private static final int KILLS = 5;
  private static final int ACKS_PER_PHASE = 150;
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(2);

  @TempDir Path data;

  @Test
  void killingANodeOnItsEmbeddedStoreUnderLoadLosesNothing() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "fault-logs"));
    ClusterOptions cluster = TestClusters.random();
    String adminToken = "fault-admin-" + UUID.randomUUID();
    Map<String, String> env = new HashMap<>();
    env.put("HAMAL_DATA_DIR", data.toString());
    env.put("HAMAL_ADMIN_TOKEN", adminToken);
    env.put("HAMAL_CLUSTER_NAME", cluster.name());
    env.put("HAMAL_CLUSTER_PORT", String.valueOf(cluster.port()));
    env.put("HAMAL_CLUSTER_MEMBERS", String.join(",", cluster.members()));
    int port = TestPorts.free();
    Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
    String run = "embedded-" + UUID.randomUUID();

    AtomicReference<NodeProcess> node = new AtomicReference<>(NodeProcess.start("embedded", port, logs, env));
    try {
      IntakeLoad load;
      try (IntakeLoad l = new IntakeLoad(run, adminToken, CLIENTS, () -> node.get().isAlive() ? List.of(port) : List.of())) {
        load = l;
        for (int kill = 0; kill < KILLS; kill++) {
          load.awaitAcknowledged(load.acknowledgedCount() + ACKS_PER_PHASE, PHASE_TIMEOUT);
          long server = pid(pidFile);
          node.get().kill();
          assertThat(running(server)).as("the killed node's server is left running").isTrue();
          node.set(NodeProcess.start("embedded", port, logs, env));
          assertThat(running(server)).as("the new node stopped the server left running").isFalse();
          assertThat(pid(pidFile)).isNotEqualTo(server);
        }
        load.awaitAcknowledged(load.acknowledgedCount() + ACKS_PER_PHASE, PHASE_TIMEOUT);
      }
      String storeUrl = "jdbc:postgresql://127.0.0.1:" + Files.readAllLines(pidFile).get(3).trim() + "/hamal?user=postgres"
          + "&password=" + Files.readString(data.resolve("postgres.password")).trim();
      int stored = Acknowledged.check(storeUrl, List.of(port), adminToken, run, load.acknowledged(), load::how);
      assertThat(load.conflicting()).isZero();
      NodeFailureFaultIT.summary("kill -9 the one node, " + KILLS + " times", "its embedded PostgreSQL", load, stored);
    } finally {
      node.get().stop();
    }
    assertThat(Files.exists(pidFile)).as("a clean stop stops the node's server").isFalse();
  }

  private static long pid(Path pidFile) throws Exception {
    return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
  }

  /** Alive and not a zombie (an orphan's exit may never be reaped in a container). */
  private static boolean running(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().command()).isPresent();
  }
}
