package org.hamal.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Hazelcast's own serialization for the objects every report sends through the cluster: the
 * open-report key and the entry processors that update the open map and the incidents. Java
 * serialization wrote a class descriptor and walked the fields by reflection for every key of
 * every operation; an {@link IdentifiedDataSerializable} writes two ints and its fields.
 */
public final class ClusterSerialization implements DataSerializableFactory {

  /** Hamal's factory id: unique among the factories a member registers. */
  public static final int FACTORY_ID = 1_840;

  static final int OPEN_REPORT_KEY = 1;
  static final int OPEN_REPORT_UPDATE = 2;
  static final int JOIN_INCIDENT = 3;
  static final int INDEX_INCIDENT = 4;
  static final int READ_VALUE = 5;
  static final int JOINED = 6;

  /** What Hamal sends through the cluster: built by this factory. */
  interface Identified extends IdentifiedDataSerializable {
    @Override
    default int getFactoryId() {
      return FACTORY_ID;
    }
  }

  /** Registers the factory; every member and client of the cluster must. */
  static void register(Config config) {
    config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new ClusterSerialization());
  }

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case OPEN_REPORT_KEY -> new OpenReportKey();
      case OPEN_REPORT_UPDATE -> new OpenReportUpdate();
      case JOIN_INCIDENT -> new JoinIncident();
      case INDEX_INCIDENT -> new IndexIncident();
      case READ_VALUE -> new ReadValue();
      case JOINED -> new JoinIncident.Joined();
      default -> null;
    };
  }
}
