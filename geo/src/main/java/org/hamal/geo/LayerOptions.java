package org.hamal.geo;

/**
 * How a layer is loaded and queried.
 *
 * @param snapMeters points outside every district but this close to one are assigned to the
 *     nearest, flagged as snapped (reports from the beach, a road on the city line); 0 disables
 * @param sourceCrs the coordinate system of the file's coordinates, {@code EPSG:4326} (WGS84, as
 *     RFC 7946 requires) or {@code EPSG:2039} (Israeli TM Grid, as municipal GIS departments
 *     export); null means: the file's legacy {@code crs} member if any, else WGS84
 * @param overlapToleranceSquareMeters overlaps between two districts up to this area are
 *     accepted (and resolved by the border rule); larger ones reject the layer
 */
public record LayerOptions(double snapMeters, String sourceCrs, double overlapToleranceSquareMeters) {

  public static final double DEFAULT_SNAP_METERS = 150;
  public static final double DEFAULT_OVERLAP_TOLERANCE_SQUARE_METERS = 50;

  public static LayerOptions defaults() {
    return new LayerOptions(DEFAULT_SNAP_METERS, null, DEFAULT_OVERLAP_TOLERANCE_SQUARE_METERS);
  }
}
