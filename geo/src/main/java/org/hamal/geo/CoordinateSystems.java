package org.hamal.geo;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.impl.CoordinateArraySequence;

/**
 * One point from a coordinate system people paste (WGS84, or the Israeli TM Grid that municipal
 * maps and the national GIS print) to WGS84 lon/lat. The systems are those a layer file may be
 * written in ({@link SourceCrs}).
 */
public final class CoordinateSystems {

  /** Proj4J transforms keep scratch state: one per thread. */
  private static final ThreadLocal<CoordinateSequenceFilter> FROM_GRID =
      ThreadLocal.withInitial(() -> SourceCrs.toWgs84(SourceCrs.ISRAELI_TM_GRID));

  private CoordinateSystems() {}

  /** True when {@code name} (e.g. {@code EPSG:2039}) is a system {@link #toLonLat} reads. */
  public static boolean supported(String name) {
    return SourceCrs.canonical(name) != null;
  }

  /**
   * The point as {@code [lon, lat]}.
   *
   * @param name the system, e.g. {@code EPSG:4326} (x is lon) or {@code EPSG:2039} (x is easting)
   * @throws IllegalArgumentException when the system is not {@link #supported}
   */
  public static double[] toLonLat(String name, double x, double y) {
    String canonical = SourceCrs.canonical(name);
    if (canonical == null) {
      throw new IllegalArgumentException("unsupported coordinate system " + name);
    }
    if (canonical.equals(SourceCrs.WGS84)) {
      return new double[] {x, y};
    }
    CoordinateArraySequence point = new CoordinateArraySequence(new Coordinate[] {new Coordinate(x, y)});
    FROM_GRID.get().filter(point, 0);
    return new double[] {point.getX(0), point.getY(0)};
  }
}
