package org.hamal.geo;

/**
 * How a layer is loaded and queried.
 *
 * @param snapMeters points outside every district but this close to one are assigned to the
 *     nearest, flagged as snapped (reports from the beach, a road on the city line); 0 disables
 */
public record LayerOptions(double snapMeters) {

  public static final double DEFAULT_SNAP_METERS = 150;

  public static LayerOptions defaults() {
    return new LayerOptions(DEFAULT_SNAP_METERS);
  }
}
