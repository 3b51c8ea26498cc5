package org.hamal.cluster.mode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.TestPostgres;
import org.hamal.cluster.store.Store;
import org.hamal.cluster.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mode of a real cluster member over a real store: what a restart keeps, what a loss heals. */
class ModeServiceTest {

  /** Triggers that never fire on their own in a test: only supervisors change the mode here. */
  private static final ModeThresholds QUIET = new ModeThresholds(10, 120, 600, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 120, 60_000, 0, 10);

  private final StoreOptions options = TestPostgres.freshStoreOptions();
  private ClusterNode node;
  private Store store;
  private ModeService mode;

  @AfterEach
  void stop() {
    stopMember();
  }

  private void startMember() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
    store = Store.open(node.vertx(), options).await(30, TimeUnit.SECONDS);
    mode = ModeService.start(node, new ModeRepository(store), QUIET).await(30, TimeUnit.SECONDS);
  }

  private void stopMember() {
    if (mode != null) {
      mode.stop();
    }
    if (store != null) {
      store.close().await();
    }
    if (node != null) {
      node.leave().await();
    }
    mode = null;
    store = null;
    node = null;
  }

  @Test
  void aHeldEmergencyComesBackWhenANewClusterStartsOnTheStore() throws Exception {
    startMember();
    assertThat(mode.current().mode()).isEqualTo(Mode.ROUTINE);
    ModeState held = mode.setManual(Mode.EMERGENCY, "מטח רקטות", "supervisor-miri").await(10, TimeUnit.SECONDS);
    stopMember();

    startMember(); // a new cluster: its maps start empty
    ModeState back = mode.current();
    assertThat(back.mode()).isEqualTo(Mode.EMERGENCY);
    assertThat(back.manual()).isTrue();
    assertThat(back.actor()).isEqualTo("supervisor-miri");
    assertThat(back.reason()).isEqualTo("מטח רקטות");
    assertThat(back.since()).isEqualTo(held.since());
    List<ModeAudit> history = mode.history(10).await(10, TimeUnit.SECONDS);
    assertThat(history).extracting(ModeAudit::trigger).containsExactly("restart", "manual", "start");
    assertThat(history.get(0).reason()).contains("emergency").contains("supervisor-miri").contains("מטח רקטות");
  }

  @Test
  void aChangeFindingTheClustersStateGoneTakesItFromTheStore() throws Exception {
    startMember();
    mode.setManual(Mode.EMERGENCY, "drill", "supervisor-miri").await(10, TimeUnit.SECONDS);
    // Lost with its members (two killed at once, say): the store still has it.
    node.vertx().executeBlocking(() -> {
      node.hazelcast().getMap(ClusterMaps.MODE).delete("state");
      return null;
    }).await(10, TimeUnit.SECONDS);

    ModeState released = mode.release("drill over", "supervisor-dana").await(10, TimeUnit.SECONDS);

    assertThat(released.mode()).isEqualTo(Mode.EMERGENCY);
    assertThat(released.manual()).isFalse();
    assertThat(mode.history(10).await(10, TimeUnit.SECONDS)).extracting(ModeAudit::actor)
        .containsExactly("supervisor-dana", "supervisor-miri", "system");
  }
}
