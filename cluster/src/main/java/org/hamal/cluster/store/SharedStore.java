package org.hamal.cluster.store;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.StartupWrites;

/**
 * Every member of a cluster must use the same database: reports committed through one node are
 * read, replayed and changed through the others. A node checks that before it serves: its store's
 * identity ({@link Store#identity}) must be the one the cluster's first member recorded, and a
 * node whose store is its own embedded server must be the only member.
 */
public final class SharedStore {

  private static final String IDENTITY = "identity";

  private SharedStore() {}

  /** Fails, with what to configure, when this node's store is not the cluster's. */
  public static Future<Void> check(ClusterNode node, Store store) {
    IMap<String, String> stores = node.hazelcast().getMap(ClusterMaps.STORE);
    return store.identity().compose(mine -> node.vertx().executeBlocking(() -> {
      if (store.isEmbedded() && node.memberCount() > 1) {
        throw new IllegalStateException(
            "this node's store is its own embedded PostgreSQL (" + store.location() + "), but the cluster has "
                + node.memberCount() + " members, each of which would keep its own reports. Nodes of one cluster"
                + " share one PostgreSQL server: run 'java -jar hamal.jar postgres --data <dir>' (or use your"
                + " own server) and set HAMAL_STORE_URL on every node");
      }
      String theirs = StartupWrites.putIfAbsent(stores, IDENTITY, mine);
      if (theirs != null && !theirs.equals(mine)) {
        throw new IllegalStateException(
            "this node's store (" + store.location() + ", database " + mine + ") is not the one the cluster's other"
                + " members use (database " + theirs + "): every node of a cluster must have the same HAMAL_STORE_URL");
      }
      return null;
    }, false));
  }
}
