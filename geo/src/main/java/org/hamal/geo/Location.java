package org.hamal.geo;

/**
 * The answer to "which district is this point in".
 *
 * @param district the district, or {@code null} when the point is outside the service area
 * @param snapped true when the point lay outside every polygon but within the snapping distance
 *     of {@code district}
 * @param distanceMeters 0 for a covered point; otherwise the distance to the nearest district
 */
public record Location(District district, boolean snapped, double distanceMeters) {

  public static final Location OUTSIDE = new Location(null, false, Double.NaN);

  public boolean found() {
    return district != null;
  }

  /** The answer for a point inside {@code district}; callers cache one per district. */
  static Location inside(District district) {
    return new Location(district, false, 0.0);
  }
}
