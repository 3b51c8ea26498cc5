package org.hamal.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.RingbufferConfig;
import org.hamal.cluster.processors.ClusterSerialization;

/** Builds the Hazelcast member configuration from {@link ClusterOptions}. */
public final class HazelcastConfigs {

  private HazelcastConfigs() {}

  public static Config build(ClusterOptions options) {
    Config config = new Config();
    ClusterSerialization.register(config);
    config.setClusterName(options.name());
    // Our shutdown hook leaves the cluster after in-flight work; Hazelcast's own would race it.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // An operation whose backups were not confirmed fails instead of being reported as done.
    config.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
    config.setProperty("hazelcast.local.localAddress", options.host());
    config.setProperty("hazelcast.socket.bind.any", "false");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.port()).setPortAutoIncrement(options.portCount() > 1);
    network.setPortCount(Math.max(1, options.portCount()));
    if (options.publicAddress() != null && !options.publicAddress().isBlank()) {
      network.setPublicAddress(options.publicAddress());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(options.members());

    config.addMapConfig(
        new MapConfig(ClusterMaps.OPEN_REPORTS)
            .setBackupCount(options.backupCount())
            .setAsyncBackupCount(0)
            .setReadBackupData(false));
    config.addRingBufferConfig(
        new RingbufferConfig(ClusterMaps.EVENTS)
            .setCapacity(options.eventHistory())
            .setBackupCount(options.backupCount())
            .setAsyncBackupCount(0));
    config.addMapConfig(new MapConfig(ClusterMaps.META).setBackupCount(options.backupCount()));
    config.addMapConfig(new MapConfig(ClusterMaps.MODE).setBackupCount(options.backupCount()));
    config.addMapConfig(new MapConfig(ClusterMaps.LAYER).setBackupCount(options.backupCount()));
    config.addMapConfig(new MapConfig(ClusterMaps.PLACES).setBackupCount(options.backupCount()));
    config.addMapConfig(new MapConfig(ClusterMaps.ALERT_AREAS).setBackupCount(options.backupCount()));
    config.addMapConfig(new MapConfig(ClusterMaps.STORE).setBackupCount(options.backupCount()));
    // These are written with a time to live per entry (a patroller's renewed by every position
    // taken, a revoked token's until it would have expired, a cleared or ended alert's until it is
    // no longer recent): no map-wide expiry to agree on.
    config.addMapConfig(new MapConfig(ClusterMaps.PATROLLERS).setBackupCount(options.backupCount()));
    config.addMapConfig(new MapConfig(ClusterMaps.REVOKED_TOKENS).setBackupCount(options.backupCount()));
    config.addMapConfig(new MapConfig(ClusterMaps.ALERTS).setBackupCount(options.backupCount()));
    return config;
  }
}
