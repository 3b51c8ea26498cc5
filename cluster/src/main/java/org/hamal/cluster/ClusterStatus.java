package org.hamal.cluster;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** The cluster as this node sees it: members, state, and whether every partition is backed up. */
public final class ClusterStatus {

  private ClusterStatus() {}

  /**
   * @return {@code name}, {@code state}, {@code members} (address, uuid, whether local or oldest),
   *     {@code partitionsSafe} (every partition has its backups, no migration running) and
   *     {@code localMemberSafe}
   */
  public static Future<JsonObject> of(Vertx vertx, HazelcastInstance hz, long timeoutMillis) {
    // Safety checks ask other members: a worker thread, never the event loop.
    return vertx
        .executeBlocking(
            () -> {
              JsonArray members = new JsonArray();
              boolean first = true;
              for (Member m : hz.getCluster().getMembers()) {
                members.add(
                    new JsonObject()
                        .put("uuid", m.getUuid().toString())
                        .put("address", m.getAddress().getHost() + ":" + m.getAddress().getPort())
                        .put("local", m.localMember())
                        .put("oldest", first));
                first = false;
              }
              ClusterState state = hz.getCluster().getClusterState();
              return new JsonObject()
                  .put("name", hz.getConfig().getClusterName())
                  .put("state", state.name())
                  .put("size", members.size())
                  .put("members", members)
                  .put("partitionsSafe", hz.getPartitionService().isClusterSafe())
                  .put("localMemberSafe", hz.getPartitionService().isLocalMemberSafe());
            },
            false)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
