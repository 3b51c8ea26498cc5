package org.hamal.cluster.processors;

import com.hazelcast.config.CompactSerializationConfig;
import com.hazelcast.config.Config;

/**
 * Hazelcast's Compact serialization for what nodes send each other with every report: the
 * open-report key, the open reports themselves, the entry processors of the open map and the incidents, and the
 * patrollers' positions with the processor that moves them. A Compact form
 * names its fields and keeps its schema beside the data, so a member reads a form written by the
 * build before it, or after it, as long as fields are only ever added (docs/architecture.md,
 * "Rolling upgrades"): new fields are read only when the writer sent them. Each type's name is
 * fixed here for good, whatever its class is called.
 */
public final class ClusterSerialization {

  private ClusterSerialization() {}

  /** Registers the serializers; every member of the cluster must. */
  public static void register(Config config) {
    CompactSerializationConfig compact = config.getSerializationConfig().getCompactSerializationConfig();
    compact.addSerializer(new OpenReportKey.Serializer());
    compact.addSerializer(new OpenReport.Serializer());
    compact.addSerializer(new OpenReportUpdate.Serializer());
    compact.addSerializer(new JoinIncident.Serializer());
    compact.addSerializer(new JoinIncident.Joined.Serializer());
    compact.addSerializer(new IndexIncident.Serializer());
    compact.addSerializer(new ReadValue.Serializer());
    compact.addSerializer(new PatrollerPosition.Serializer());
    compact.addSerializer(new MovePatroller.Serializer());
    compact.addSerializer(new TakeTokens.Serializer());
  }
}
