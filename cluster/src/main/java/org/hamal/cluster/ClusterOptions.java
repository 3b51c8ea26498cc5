package org.hamal.cluster;

import java.util.List;

/**
 * Cluster membership.
 *
 * @param name cluster name; nodes with other names never join this cluster
 * @param host address this node binds to and announces (127.0.0.1 for one machine)
 * @param publicAddress address other members should use, when it differs from {@code host}
 *     (NAT, containers); null when the same
 * @param port first Hazelcast port; the next free one of the following {@code portCount} is taken
 * @param portCount how many ports from {@code port} a node may try (several nodes on one host)
 * @param members TCP-IP member list, {@code host} or {@code host:port}; a bare host is tried on
 *     the first three ports from {@code port}; multicast is never used
 * @param backupCount synchronous backups of every cluster map entry (at least 1)
 * @param eventHistory how many report events the cluster's change log keeps, so that live
 *     clients can resume after a disconnection without a fresh snapshot
 */
public record ClusterOptions(
    String name,
    String host,
    String publicAddress,
    int port,
    int portCount,
    List<String> members,
    int backupCount,
    int eventHistory) {

  public ClusterOptions {
    members = List.copyOf(members);
    if (backupCount < 1) {
      throw new IllegalArgumentException("cluster.backupCount must be at least 1");
    }
  }
}
