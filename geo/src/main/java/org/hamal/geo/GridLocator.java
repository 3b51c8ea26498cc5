package org.hamal.geo;

import java.util.List;
import org.locationtech.jts.algorithm.CGAlgorithmsDD;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;

/**
 * Exact point-in-district lookup on a uniform grid over the layer's envelope, built once.
 *
 * <p>Each cell is precomputed as one of: inside one district (the answer, no geometry touched),
 * far from every district (outside), near a district but covered by none (the snapping rule), or
 * a boundary cell with the short list of candidate districts in layer order. A boundary candidate
 * is decided by counting crossings of a ray from the point to the right, but only up to the
 * nearest cell of the same row that no edge of the district touches, whose inside/outside status
 * was computed at build time: so only a handful of edges near the point are read. The predicates
 * are JTS's robust orientation tests, the same ones {@link StrTreeLocator}'s prepared {@code
 * covers} uses, so both give the same answer for every point, borders included (see
 * docs/geo-index.md).
 */
public final class GridLocator implements DistrictLocator {

  static final int FAR = -1;
  static final int NEAR = -2;
  /** Codes at or below this are boundary cells: {@code BOUNDARY - code} is their index. */
  static final int BOUNDARY = -3;

  static final byte ALWAYS = 0;
  static final byte EDGES = 1;
  static final byte INDEXED = 2;

  private final double minX;
  private final double minY;
  private final double maxX;
  private final double maxY;
  private final double invW;
  private final double invH;
  private final int cols;
  private final int rows;
  private final int[] cells;
  private final int[] boundaryStart;
  private final byte[] kind;
  private final int[] district;
  private final double[] qx;
  private final boolean[] qInside;
  private final int[] edgeStart;
  private final int[] edges;
  private final double[] segments;
  private final int[] segmentDistrict;
  private final int[] cellSegmentStart;
  private final int[] cellSegments;
  private final int reachCols;
  private final int reachRows;
  private final double snapMeters;
  private final IndexedPointInAreaLocator[] indexed;
  private final District[] byOrder;
  private final Location[] inside;
  private final Snapping snapping;

  public GridLocator(List<District> districts, double snapMeters) {
    GridBuilder b = new GridBuilder(districts, snapMeters);
    this.minX = b.minX;
    this.minY = b.minY;
    this.maxX = b.maxX;
    this.maxY = b.maxY;
    this.invW = b.invW;
    this.invH = b.invH;
    this.cols = b.cols;
    this.rows = b.rows;
    this.cells = b.cells;
    this.boundaryStart = b.boundaryStart;
    this.kind = b.kind;
    this.district = b.district;
    this.qx = b.qx;
    this.qInside = b.qInside;
    this.edgeStart = b.edgeStart;
    this.edges = b.edges;
    this.segments = b.segments;
    this.segmentDistrict = b.segmentDistrict;
    this.cellSegmentStart = b.cellSegmentStart;
    this.cellSegments = b.cellSegments;
    this.reachCols = b.reachCols;
    this.reachRows = b.reachRows;
    this.snapMeters = snapMeters;
    this.indexed = b.indexed;
    this.byOrder = districts.toArray(District[]::new);
    this.inside = new Location[districts.size()];
    for (int i = 0; i < inside.length; i++) {
      inside[i] = Location.inside(districts.get(i));
    }
    this.snapping = new Snapping(districts, snapMeters);
  }

  @Override
  public Location locate(double lon, double lat) {
    // Written so that NaN lands outside too.
    if (!(lon >= minX && lon <= maxX && lat >= minY && lat <= maxY)) {
      // Off the grid no district covers the point; the reference rule finds the nearest.
      return snapping.nearestWithin(lon, lat);
    }
    int col = Math.min(cols - 1, (int) ((lon - minX) * invW));
    int row = Math.min(rows - 1, (int) ((lat - minY) * invH));
    int code = cells[row * cols + col];
    if (code >= 0) {
      return inside[code];
    }
    if (code == FAR) {
      return Location.OUTSIDE;
    }
    if (code != NEAR) {
      int b = BOUNDARY - code;
      for (int k = boundaryStart[b]; k < boundaryStart[b + 1]; k++) {
        if (covers(k, lon, lat)) {
          return inside[district[k]];
        }
      }
    }
    return nearestWithin(lon, lat, row, col);
  }

  /**
   * {@link Snapping#nearestWithin} for a point on the grid, reading only the segments in the
   * cells within reach: any segment closer than snapMeters is among them, and each distance is
   * computed exactly as the reference does, so the answer is the same.
   */
  private Location nearestWithin(double lon, double lat, int row, int col) {
    if (!(snapMeters > 0)) {
      return Location.OUTSIDE;
    }
    double kx = Geodesy.metersPerDegreeLon(lat);
    double ky = Geodesy.metersPerDegreeLat();
    int[] near = new int[8];
    double[] best2 = new double[8];
    int n = 0;
    for (int r = Math.max(0, row - reachRows); r <= Math.min(rows - 1, row + reachRows); r++) {
      int from = r * cols + Math.max(0, col - reachCols);
      int to = r * cols + Math.min(cols - 1, col + reachCols);
      for (int k = cellSegmentStart[from]; k < cellSegmentStart[to + 1]; k++) {
        int e = 4 * cellSegments[k];
        double d2 =
            Distances.segmentSquaredMeters(
                segments[e], segments[e + 1], segments[e + 2], segments[e + 3], lon, lat, kx, ky);
        int d = segmentDistrict[cellSegments[k]];
        int i = 0;
        while (i < n && near[i] != d) {
          i++;
        }
        if (i == n) {
          if (n == near.length) {
            near = java.util.Arrays.copyOf(near, 2 * n);
            best2 = java.util.Arrays.copyOf(best2, 2 * n);
          }
          near[n] = d;
          best2[n++] = d2;
        } else if (d2 < best2[i]) {
          best2[i] = d2;
        }
      }
    }
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      // The reference takes sqrt per ring and then the minimum: the same number.
      double d = Math.sqrt(best2[i]);
      if (d < bestDistance || (d == bestDistance && near[i] < near[best])) {
        best = i;
        bestDistance = d;
      }
    }
    return best >= 0 && bestDistance <= snapMeters
        ? new Location(byOrder[near[best]], true, bestDistance)
        : Location.OUTSIDE;
  }

  /** Grid dimensions and cell kinds, for the benchmark report and tests. */
  public String describe() {
    int inner = 0;
    int empty = 0;
    for (int c : cells) {
      if (c >= 0) {
        inner++;
      } else if (c == FAR || c == NEAR) {
        empty++;
      }
    }
    return String.format(
        java.util.Locale.ROOT,
        "%dx%d cells: %d inside, %d empty, %d boundary (%d candidates, %d edge refs); "
            + "%d segments, %d segment refs",
        cols,
        rows,
        inner,
        empty,
        cells.length - inner - empty,
        kind.length,
        edges.length,
        segmentDistrict.length,
        cellSegments.length);
  }

  private boolean covers(int k, double px, double py) {
    if (kind[k] == ALWAYS) {
      return true;
    }
    if (kind[k] == INDEXED) {
      return indexed[district[k]].locate(new Coordinate(px, py))
          != org.locationtech.jts.geom.Location.EXTERIOR;
    }
    boolean in = qInside[k];
    double stop = qx[k];
    for (int j = edgeStart[k]; j < edgeStart[k + 1]; j++) {
      int e = 4 * edges[j];
      double x1 = segments[e];
      double y1 = segments[e + 1];
      double x2 = segments[e + 2];
      double y2 = segments[e + 3];
      if (x1 < px && x2 < px) {
        continue;
      }
      if ((x1 == px && y1 == py) || (x2 == px && y2 == py)) {
        return true;
      }
      if (y1 == py && y2 == py) {
        if (px >= Math.min(x1, x2) && px <= Math.max(x1, x2)) {
          return true;
        }
        continue;
      }
      // The half-open rule of RayCrossingCounter: a vertex on the ray counts once.
      if ((y1 > py) != (y2 > py)) {
        int side = CGAlgorithmsDD.orientationIndex(x1, y1, x2, y2, px, py);
        if (side == 0) {
          return true;
        }
        if (y2 < y1) {
          side = -side;
        }
        if (side > 0 && crossesBefore(x1, y1, x2, y2, stop, py)) {
          in = !in;
        }
      }
    }
    return in;
  }

  /** Whether the edge crosses the row line y = py left of the reference point (stop, py). */
  private static boolean crossesBefore(
      double x1, double y1, double x2, double y2, double stop, double py) {
    if (Math.max(x1, x2) < stop) {
      return true;
    }
    int side = CGAlgorithmsDD.orientationIndex(x1, y1, x2, y2, stop, py);
    return (y2 < y1 ? -side : side) < 0;
  }
}
