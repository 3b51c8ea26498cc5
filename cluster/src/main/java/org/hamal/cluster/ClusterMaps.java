package org.hamal.cluster;

/**
 * The names of the cluster's shared structures, in one place: {@link HazelcastConfigs} configures
 * those that need more than Hazelcast's defaults, and the classes that own them use them.
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
  /** Which layer version each member routes with. */
  public static final String LAYER_NODES = "hamal.layer.nodes";
  /** The place file version the cluster suggests places from. */
  public static final String PLACES = "hamal.places";
  /** Which place file version each member suggests from. */
  public static final String PLACES_NODES = "hamal.places.nodes";
  /** Open incidents by id. */
  public static final String INCIDENTS = "hamal.incidents";
  /** Open incidents by grid cell, for grouping a new report with its neighbours. */
  public static final String INCIDENT_CELLS = "hamal.incident.cells";
  /** Each member's recent intake rate, for the mode's triggers. */
  public static final String INTAKE_RATES = "hamal.intake.rates";
  /** Reports already escalated for their response time. */
  public static final String ESCALATIONS = "hamal.escalations";
  /** Patrollers on duty by subject: the latest position and a short trail (Compact), forgotten without news. */
  public static final String PATROLLERS = "hamal.patrollers";
  /** Device sign-in tokens revoked before they expire, by jti: every node refuses them. */
  public static final String REVOKED_TOKENS = "hamal.tokens.revoked";
  /** Active and recent alerts by id (JSON, docs/alerts.md); a cleared or ended one expires after alerts.recentHours. */
  public static final String ALERTS = "hamal.alerts";
}
