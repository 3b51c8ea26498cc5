package org.hamal.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * This process as a member of the Hamal cluster: a clustered Vert.x whose event bus spans every
 * node, on an embedded Hazelcast member.
 */
public final class ClusterNode {

  private final Vertx vertx;
  private final HazelcastClusterManager manager;

  private ClusterNode(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  /** Starts the Hazelcast member and joins the cluster. */
  public static Future<ClusterNode> join(ClusterOptions cluster, VertxOptions vertxOptions) {
    HazelcastClusterManager manager =
        new HazelcastClusterManager(HazelcastConfigs.build(cluster));
    VertxOptions options = new VertxOptions(vertxOptions);
    String announced =
        cluster.publicAddress() == null || cluster.publicAddress().isBlank()
            ? cluster.host()
            : cluster.publicAddress();
    options.getEventBusOptions().setHost(cluster.host()).setPort(0).setClusterPublicHost(announced);
    return Vertx.builder()
        .with(options)
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new ClusterNode(vertx, manager));
  }

  public Vertx vertx() {
    return vertx;
  }

  public HazelcastInstance hazelcast() {
    return manager.getHazelcastInstance();
  }

  public String nodeId() {
    return manager.getNodeId();
  }

  /** True while this node is a running member of the cluster. */
  public boolean isMember() {
    return manager.isActive() && manager.getHazelcastInstance().getLifecycleService().isRunning();
  }

  /**
   * True on the one member that runs the cluster's periodic duties (mode decisions,
   * reconciliation, recounts, response-time checks): the oldest, which every member agrees on.
   */
  public boolean isOldestMember() {
    return isMember() && manager.getHazelcastInstance().getCluster().getMembers().iterator().next().localMember();
  }

  /** Undeploys everything, then leaves the cluster and stops the member. */
  public Future<Void> leave() {
    return vertx.close();
  }
}
