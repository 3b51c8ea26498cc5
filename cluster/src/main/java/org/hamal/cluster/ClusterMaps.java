package org.hamal.cluster;

/**
 * The names of the cluster's shared structures, configured in one place ({@link
 * HazelcastConfigs}) and used by the classes that own them.
 */
public final class ClusterMaps {

  private ClusterMaps() {}

  /** Open reports by (id, district): the working set of the live screens. */
  public static final String OPEN_REPORTS = "hamal.reports.open";
  /** The change log every node's live feed reads. */
  public static final String EVENTS = "hamal.events";
  /** The change log's epoch and other small facts of the cluster. */
  public static final String META = "hamal.meta";
  /** The mode in force, and the call center's latest load. */
  public static final String MODE = "hamal.mode";
  /** The district layer version the cluster routes with. */
  public static final String LAYER = "hamal.layer";
  /** Which store the cluster's members share. */
  public static final String STORE = "hamal.store";
}
