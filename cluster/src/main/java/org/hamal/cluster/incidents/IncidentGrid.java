package org.hamal.cluster.incidents;

import java.util.HashSet;
import java.util.Set;
import org.hamal.geo.Geodesy;

/**
 * The grid incidents are found by: square cells a radius wide, per category. Every incident
 * centre within the radius of a point lies in the point's cell or one of its eight neighbours.
 */
final class IncidentGrid {

  private final double size;

  IncidentGrid(double radiusMeters) {
    this.size = radiusMeters;
  }

  /** The cell of a point and its eight neighbours: every centre within the radius is there. */
  Set<String> neighbourhood(String category, double lon, double lat) {
    long[] c = cellOf(lon, lat);
    Set<String> keys = new HashSet<>();
    for (long dx = -1; dx <= 1; dx++) {
      for (long dy = -1; dy <= 1; dy++) {
        keys.add(category + "|" + (c[0] + dx) + "|" + (c[1] + dy));
      }
    }
    return keys;
  }

  String cell(String category, double lon, double lat) {
    long[] c = cellOf(lon, lat);
    return category + "|" + c[0] + "|" + c[1];
  }

  /** Cells a radius wide: metres east and north of the equator and the meridian, divided. */
  private long[] cellOf(double lon, double lat) {
    return new long[] {
      (long) Math.floor(lon * Geodesy.metersPerDegreeLon(lat) / size),
      (long) Math.floor(lat * Geodesy.metersPerDegreeLat() / size)
    };
  }

}
