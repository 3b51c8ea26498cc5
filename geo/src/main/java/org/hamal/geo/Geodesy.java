package org.hamal.geo;

import org.locationtech.jts.geom.Geometry;

/** Small-distance geodesy on the WGS84 sphere approximation; good to well under 1% below 10 km. */
public final class Geodesy {

  /** Mean Earth radius (IUGG), metres. */
  public static final double EARTH_RADIUS_M = 6_371_008.8;

  private static final double METERS_PER_DEGREE = Math.toRadians(1) * EARTH_RADIUS_M;

  private Geodesy() {}

  /** Metres per degree of latitude (constant on a sphere). */
  public static double metersPerDegreeLat() {
    return METERS_PER_DEGREE;
  }

  /** Metres per degree of longitude at the given latitude. */
  public static double metersPerDegreeLon(double lat) {
    return METERS_PER_DEGREE * Math.cos(Math.toRadians(lat));
  }

  /**
   * Area in square metres of the polygonal parts of a WGS84 geometry, each part scaled at its own
   * centroid's latitude: exact to well under 1% for parts up to tens of kilometres.
   */
  public static double areaSquareMeters(Geometry g) {
    double sum = 0;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part.getDimension() == 2 && !part.isEmpty()) {
        double lat = part.getCentroid().getY();
        sum += part.getArea() * metersPerDegreeLon(lat) * metersPerDegreeLat();
      }
    }
    return sum;
  }

  /** Degrees of latitude and longitude that {@code meters} span at least, around {@code lat}. */
  public static double degreesFor(double meters, double lat) {
    return meters / metersPerDegreeLon(Math.min(89.0, Math.abs(lat) + 1.0));
  }
}
