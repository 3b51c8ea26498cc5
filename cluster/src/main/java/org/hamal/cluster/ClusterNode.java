package org.hamal.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;

/**
 * This process as a member of the Hamal cluster: an embedded Hazelcast member, beside the node's
 * Vert.x. Nodes share state only through Hazelcast's maps and the change log; Vert.x itself is not
 * clustered (no event bus between nodes, and no port of its own).
 */
public final class ClusterNode {

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;

  private ClusterNode(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
  }

  /** Starts Vert.x and the Hazelcast member, which joins the cluster. */
  public static Future<ClusterNode> join(ClusterOptions cluster, VertxOptions vertxOptions) {
    return join(cluster, vertxOptions, null);
  }

  /**
   * As {@link #join(ClusterOptions, VertxOptions)}, with Vert.x's metrics from {@code metrics}
   * (the gateway's Micrometer registry; null for none): the cluster itself needs no metrics library.
   */
  public static Future<ClusterNode> join(
      ClusterOptions cluster, VertxOptions vertxOptions, VertxMetricsFactory metrics) {
    VertxBuilder builder = Vertx.builder().with(vertxOptions);
    if (metrics != null) {
      builder.withMetrics(metrics);
    }
    Vertx vertx = builder.build();
    return vertx
        .executeBlocking(() -> Hazelcast.newHazelcastInstance(HazelcastConfigs.build(cluster)), false)
        .map(hz -> new ClusterNode(vertx, hz))
        .recover(err -> vertx.close().transform(closed -> Future.failedFuture(err)));
  }

  public Vertx vertx() {
    return vertx;
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** The member's id, as the cluster knows it. */
  public String nodeId() {
    return hazelcast.getLocalEndpoint().getUuid().toString();
  }

  /** True while this node is a running member of the cluster. */
  public boolean isMember() {
    return hazelcast.getLifecycleService().isRunning();
  }

  /**
   * True on the one member that runs the cluster's periodic duties (mode decisions,
   * reconciliation, recounts, response-time checks): the oldest, which every member agrees on.
   */
  public boolean isOldestMember() {
    return isMember() && hazelcast.getCluster().getMembers().iterator().next().localMember();
  }

  /** How many members the cluster has now, this one included. */
  public int memberCount() {
    return hazelcast.getCluster().getMembers().size();
  }

  /** Undeploys everything and closes Vert.x, then leaves the cluster and stops the member. */
  public Future<Void> leave() {
    Promise<Void> left = Promise.promise();
    vertx.close().onComplete(closed -> {
      // Vert.x is gone: Hazelcast's blocking shutdown runs on a thread of its own.
      Thread t = new Thread(() -> {
        try {
          hazelcast.shutdown();
          left.complete();
        } catch (RuntimeException e) {
          left.fail(e);
        }
      }, "hamal-leave");
      t.start();
    });
    return left.future();
  }
}
