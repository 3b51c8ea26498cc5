package org.hamal.geo;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Point-to-boundary distance in metres for points near a district. Degrees of longitude shrink
 * with latitude (by 15% in Israel), so distances are taken in a local equirectangular frame
 * centred on the query point, which is exact to well under a metre at snapping distances.
 */
final class Distances {

  private Distances() {}

  /** Distance in metres from (lon, lat) to the boundary of a Polygon or MultiPolygon. */
  static double toBoundaryMeters(Geometry polygonal, double lon, double lat) {
    double kx = Geodesy.metersPerDegreeLon(lat);
    double ky = Geodesy.metersPerDegreeLat();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < polygonal.getNumGeometries(); i++) {
      Polygon polygon = (Polygon) polygonal.getGeometryN(i);
      best = Math.min(best, ringDistance(polygon.getExteriorRing(), lon, lat, kx, ky));
      for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
        best = Math.min(best, ringDistance(polygon.getInteriorRingN(h), lon, lat, kx, ky));
      }
    }
    return best;
  }

  private static double ringDistance(LineString ring, double lon, double lat, double kx, double ky) {
    CoordinateSequence seq = ring.getCoordinateSequence();
    double best2 = Double.POSITIVE_INFINITY;
    double ax = (seq.getX(0) - lon) * kx;
    double ay = (seq.getY(0) - lat) * ky;
    for (int i = 1; i < seq.size(); i++) {
      double bx = (seq.getX(i) - lon) * kx;
      double by = (seq.getY(i) - lat) * ky;
      best2 = Math.min(best2, originToSegmentSquared(ax, ay, bx, by));
      ax = bx;
      ay = by;
    }
    return Math.sqrt(best2);
  }

  /**
   * Squared distance in metres from (lon, lat) to one segment, with the scales {@link
   * #toBoundaryMeters} uses at that latitude: the same arithmetic, so an index that visits only
   * the segments near a point finds exactly the same minimum.
   */
  static double segmentSquaredMeters(
      double x1, double y1, double x2, double y2, double lon, double lat, double kx, double ky) {
    return originToSegmentSquared((x1 - lon) * kx, (y1 - lat) * ky, (x2 - lon) * kx, (y2 - lat) * ky);
  }

  /** Squared distance from the origin to segment AB. */
  private static double originToSegmentSquared(double ax, double ay, double bx, double by) {
    double dx = bx - ax;
    double dy = by - ay;
    double len2 = dx * dx + dy * dy;
    double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    double px = ax + t * dx;
    double py = ay + t * dy;
    return px * px + py * py;
  }
}
