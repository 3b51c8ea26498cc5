package org.hamal.gateway.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real node JVMs killed for real while uniquely-keyed reports flow: no acknowledged report may
 * be lost or stored twice. Each test prints its figures (acknowledged, lost, duplicated).
 *
 * <p>Three nodes share one PostgreSQL server ({@code hamal.jar postgres}), as a cluster on one
 * machine runs; {@link EmbeddedNodeFaultIT} kills a node that runs its own server.
 */
class NodeFailureFaultIT {

  private static final int CLIENTS = 6;
  private static final int KILLS = 5;
  private static final int ACKS_PER_PHASE = 150;
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(2);
  /** Longer than Hazelcast's backup timeout (hazelcast.operation.backup.timeout.millis, 5 s). */
  private static final Duration PAUSE = Duration.ofSeconds(8);
  private static final String SHARED = "one PostgreSQL (hamal.jar postgres)";

  @TempDir Path data;

  @Test
  void killingOneOfThreeMembersUnderLoadLosesNothing() throws Exception {
    String run = "kill-" + UUID.randomUUID();
    try (ThreeNodeCluster cluster = new ThreeNodeCluster(data)) {
      cluster.startAll();
      Map<String, String> acknowledged;
      IntakeLoad load;
      try (IntakeLoad l = new IntakeLoad(run, cluster.adminToken(), CLIENTS, cluster::livePorts)) {
        load = l;
        for (int kill = 0; kill < KILLS; kill++) {
          load.awaitAcknowledged(load.acknowledgedCount() + ACKS_PER_PHASE, PHASE_TIMEOUT);
          int victim = kill % ThreeNodeCluster.SIZE;
          cluster.node(victim).kill();
          // The survivors keep acknowledging while the victim is down.
          load.awaitAcknowledged(load.acknowledgedCount() + ACKS_PER_PHASE, PHASE_TIMEOUT);
          cluster.start(victim);
        }
        load.awaitAcknowledged(load.acknowledgedCount() + ACKS_PER_PHASE, PHASE_TIMEOUT);
      }
      acknowledged = load.acknowledged();
      int stored = cluster.assertNothingLostOrDoubled(run, acknowledged, load::how);
      assertThat(load.conflicting()).isZero();
      summary("kill -9 one of 3, " + KILLS + " times", SHARED, load, stored);
    }
  }

  @Test
  void killingEveryMemberAndRestartingLosesNothing() throws Exception {
    String run = "all-" + UUID.randomUUID();
    try (ThreeNodeCluster cluster = new ThreeNodeCluster(data)) {
      cluster.startAll();
      IntakeLoad load = new IntakeLoad(run, cluster.adminToken(), CLIENTS, cluster::livePorts);
      load.awaitAcknowledged(3 * ACKS_PER_PHASE, PHASE_TIMEOUT);
      // All at once, under load: the cluster and its maps are gone; the store is not.
      cluster.killAll();
      load.close();
      cluster.startAll();
      int stored = cluster.assertNothingLostOrDoubled(run, load.acknowledged(), load::how);
      assertThat(load.conflicting()).isZero();
      summary("kill -9 all 3, restart", SHARED, load, stored);
    }
  }

  @Test
  void pausingAMemberLongerThanTheBackupTimeoutLosesNothing() throws Exception {
    String run = "stop-" + UUID.randomUUID();
    try (ThreeNodeCluster cluster = new ThreeNodeCluster(data)) {
      // Node 0 alone first: it is the oldest Hazelcast member, so pausing it freezes the
      // cluster's master.
      cluster.start(0);
      cluster.startAll();
      IntakeLoad load;
      try (IntakeLoad l = new IntakeLoad(run, cluster.adminToken(), CLIENTS, cluster::livePorts)) {
        load = l;
        load.awaitAcknowledged(ACKS_PER_PHASE, PHASE_TIMEOUT);
        cluster.node(0).pause();
        cluster.markPaused(0, true);
        // The fault itself lasts this long; this wait is not synchronisation.
        Thread.sleep(PAUSE.toMillis());
        cluster.node(0).resume();
        cluster.markPaused(0, false);
        load.awaitAcknowledged(load.acknowledgedCount() + 2 * ACKS_PER_PHASE, PHASE_TIMEOUT);
      }
      int stored = cluster.assertNothingLostOrDoubled(run, load.acknowledged(), load::how);
      assertThat(load.conflicting()).isZero();
      summary("SIGSTOP one of 3 for " + PAUSE.toSeconds() + " s, SIGCONT", SHARED, load, stored);
    }
  }

  static void summary(String fault, String store, IntakeLoad load, int stored) {
    System.out.printf(
        "FAULT SUMMARY [%s] on %s: acknowledged=%d lost=0 duplicated=0 stored=%d attempts=%d failed-attempts=%d %s replayed=%d%n",
        fault, store, load.acknowledgedCount(), stored, load.attempts(), load.failures(), load.failureKinds(), load.replays());
  }
}
