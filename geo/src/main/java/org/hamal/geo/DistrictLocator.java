package org.hamal.geo;

/**
 * Finds the district of a point. Implementations are immutable and safe to call from any number
 * of threads at once.
 */
public interface DistrictLocator {

  /**
   * Locates a WGS84 point.
   *
   * @return the covering district (border rule: the first in layer order), else the nearest
   *     district within the snapping distance flagged {@code snapped}, else {@link
   *     Location#OUTSIDE}
   */
  Location locate(double lon, double lat);
}
