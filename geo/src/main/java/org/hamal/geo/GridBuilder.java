package org.hamal.geo;

import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Builds the arrays of a {@link GridLocator}, district by district in layer order, so each cell's
 * candidate list comes out in layer order and can stop at the first district that covers the
 * whole cell.
 */
final class GridBuilder {

  /** About eight cells per vertex keeps boundary cells to a few edges each. */
  static final int CELLS_PER_VERTEX = 8;
  static final int MIN_CELLS = 1 << 16;
  /** 2M cells: 8 MiB of cell codes and 8 MiB of segment offsets, whatever the layer. */
  static final int MAX_CELLS = 1 << 21;
  /** Past this many edges to the next clear cell, a candidate uses the district's own index. */
  static final int MAX_EDGES = 64;
  /**
   * Cells are widened by this fraction when edges are assigned to them, far more than the
   * rounding of a cell index, so a point is always tested against every edge that can touch it.
   */
  static final double PAD = 1e-6;

  final double minX;
  final double minY;
  final double maxX;
  final double maxY;
  final double invW;
  final double invH;
  final int cols;
  final int rows;
  final double cellW;
  final double cellH;
  /** How many cells around a point's cell hold every segment within snapping distance. */
  final int reachCols;
  final int reachRows;
  /** All districts' segments, x1,y1,x2,y2 each, and the district of each. */
  double[] segments;
  int[] segmentDistrict;
  int[] cells;
  int[] boundaryStart;
  byte[] kind;
  int[] district;
  double[] qx;
  boolean[] qInside;
  int[] edgeStart;
  int[] edges;
  /** Per cell, the segments that touch it (compressed rows), for snapping. */
  int[] cellSegmentStart;
  int[] cellSegments;
  final IndexedPointInAreaLocator[] indexed;

  // Candidates while building: one singly linked list per cell.
  private final int[] head;
  private final int[] tail;
  private int[] next = new int[1024];
  private int[] edgeEnd = new int[1024];
  private int count;
  private int[] edgeBuffer = new int[4096];
  private int edgeCount;
  // (cell, segment) pairs of every district, for the snapping lists.
  private int[] pairCell = new int[4096];
  private int[] pairSegment = new int[4096];
  private int pairs;

  GridBuilder(List<District> districts, double snapMeters) {
    Envelope env = new Envelope();
    int vertexCount = 0;
    for (District d : districts) {
      env.expandToInclude(d.geometry().getEnvelopeInternal());
      vertexCount += d.geometry().getNumPoints();
    }
    minX = env.getMinX();
    minY = env.getMinY();
    maxX = env.getMaxX();
    maxY = env.getMaxY();
    // Square cells in metres, so a cell spans about as many edges across as up.
    double target =
        Math.max(MIN_CELLS, Math.min(MAX_CELLS, (double) vertexCount * CELLS_PER_VERTEX));
    double wm = Math.max(env.getWidth() * Geodesy.metersPerDegreeLon(env.centre().y), 1e-9);
    double hm = Math.max(env.getHeight() * Geodesy.metersPerDegreeLat(), 1e-9);
    double side = Math.sqrt(wm * hm / target);
    cols = (int) Math.max(1, Math.min(target, Math.ceil(wm / side)));
    rows = (int) Math.max(1, Math.min(target / cols, Math.ceil(hm / side)));
    cellW = env.getWidth() / cols;
    cellH = env.getHeight() / rows;
    invW = env.getWidth() > 0 ? cols / env.getWidth() : 0;
    invH = env.getHeight() > 0 ? rows / env.getHeight() : 0;
    // Reach at the layer's highest latitude, widened by 1%: a segment outside it is surely
    // farther than snapMeters from any point of the cell.
    double reach =
        snapMeters > 0
            ? 1.01 * Geodesy.degreesFor(snapMeters, Math.max(Math.abs(minY), Math.abs(maxY)))
            : 0;
    reachCols = snapMeters > 0 ? (int) Math.min(cols, Math.ceil(reach * invW) + 1) : -1;
    reachRows = snapMeters > 0 ? (int) Math.min(rows, Math.ceil(reach * invH) + 1) : -1;

    head = new int[cols * rows];
    tail = new int[cols * rows];
    Arrays.fill(head, -1);
    kind = new byte[1024];
    district = new int[1024];
    qx = new double[1024];
    qInside = new boolean[1024];
    edgeStart = new int[1025];
    // Sized by vertex count, an upper bound of the segment count; trimmed below.
    segments = new double[4 * vertexCount];
    segmentDistrict = new int[vertexCount];
    indexed = new IndexedPointInAreaLocator[districts.size()];
    int base = 0;
    for (int i = 0; i < districts.size(); i++) {
      Geometry g = districts.get(i).geometry();
      indexed[i] = new IndexedPointInAreaLocator(g);
      // Build its index now, before the locator is published to other threads.
      indexed[i].locate(new Coordinate(minX, minY));
      int n = copySegments(g, base);
      Arrays.fill(segmentDistrict, base, base + n, i);
      addDistrict(i, g, base, n);
      base += n;
    }
    segments = Arrays.copyOf(segments, 4 * base);
    segmentDistrict = Arrays.copyOf(segmentDistrict, base);
    cellSegmentStart = new int[cols * rows + 1];
    cellSegments = compress(pairCell, pairSegment, pairs, cols * rows, cellSegmentStart);
    pairCell = null;
    pairSegment = null;
    flatten(nearCells());
  }

  private int col(double x) {
    return (int) Math.max(0, Math.min(cols - 1, Math.floor((x - minX) * invW)));
  }

  private int row(double y) {
    return (int) Math.max(0, Math.min(rows - 1, Math.floor((y - minY) * invH)));
  }

  /** Copies the district's segments into {@link #segments} from segment {@code base} on. */
  private int copySegments(Geometry polygonal, int base) {
    int n = 4 * base;
    for (int p = 0; p < polygonal.getNumGeometries(); p++) {
      Polygon polygon = (Polygon) polygonal.getGeometryN(p);
      for (int r = -1; r < polygon.getNumInteriorRing(); r++) {
        LineString ring = r < 0 ? polygon.getExteriorRing() : polygon.getInteriorRingN(r);
        CoordinateSequence seq = ring.getCoordinateSequence();
        for (int i = 1; i < seq.size(); i++) {
          segments[n++] = seq.getX(i - 1);
          segments[n++] = seq.getY(i - 1);
          segments[n++] = seq.getX(i);
          segments[n++] = seq.getY(i);
        }
      }
    }
    return n / 4 - base;
  }

  private void addDistrict(int order, Geometry geometry, int base, int m) {
    Envelope env = geometry.getEnvelopeInternal();
    int c0 = col(env.getMinX() - 2 * PAD * cellW);
    int c1 = col(env.getMaxX() + 2 * PAD * cellW);
    int r0 = row(env.getMinY() - 2 * PAD * cellH);
    int r1 = row(env.getMaxY() + 2 * PAD * cellH);
    int sw = c1 - c0 + 1;
    int[] start = new int[sw * (r1 - r0 + 1) + 1];
    int[] list = rasterize(base, m, c0, c1, r0, r1, start);
    int[] stamp = new int[m];
    int stampValue = 0;
    int[] gathered = new int[MAX_EDGES + 1];
    for (int r = r0; r <= r1; r++) {
      int nextClear = c1 + 1;
      boolean nextInside = false; // beyond the district's envelope: outside
      for (int c = c1; c >= c0; c--) {
        int local = (r - r0) * sw + (c - c0);
        if (start[local] == start[local + 1]) {
          // A clear cell: no edge touches it, so it is wholly in or out, and so is the run of
          // clear cells it starts (their union touches no edge either).
          boolean in =
              nextClear == c + 1
                  ? nextInside
                  : indexed[order].locate(
                          new Coordinate(minX + (c + 0.5) * cellW, minY + (r + 0.5) * cellH))
                      == org.locationtech.jts.geom.Location.INTERIOR;
          nextClear = c;
          nextInside = in;
          if (in) {
            append(r * cols + c, GridLocator.ALWAYS, order, 0, true, edgeCount);
          }
          continue;
        }
        if (covered(r * cols + c)) {
          continue;
        }
        stampValue++;
        int n = 0;
        for (int cc = c; cc < nextClear && n <= MAX_EDGES; cc++) {
          int l = (r - r0) * sw + (cc - c0);
          for (int j = start[l]; j < start[l + 1] && n <= MAX_EDGES; j++) {
            if (stamp[list[j] - base] != stampValue) {
              stamp[list[j] - base] = stampValue;
              gathered[n++] = list[j];
            }
          }
        }
        if (n > MAX_EDGES) {
          append(r * cols + c, GridLocator.INDEXED, order, 0, false, edgeCount);
          continue;
        }
        // Past the envelope the ray meets no edge of the district: it can run to infinity.
        double stop = nextClear > c1 ? Double.POSITIVE_INFINITY : minX + nextClear * cellW;
        int before = edgeCount;
        for (int g = 0; g < n; g++) {
          if (edgeCount == edgeBuffer.length) {
            edgeBuffer = Arrays.copyOf(edgeBuffer, edgeCount * 2);
          }
          edgeBuffer[edgeCount++] = gathered[g];
        }
        append(r * cols + c, GridLocator.EDGES, order, stop, nextInside, before);
      }
    }
  }

  /**
   * For each cell of the district's envelope (c0..c1, r0..r1), the segments that touch the cell
   * widened by {@link #PAD}, as a compressed row list; also records them for snapping.
   */
  private int[] rasterize(int base, int m, int c0, int c1, int r0, int r1, int[] start) {
    int sw = c1 - c0 + 1;
    int first = pairs;
    for (int e = base; e < base + m; e++) {
      double x1 = segments[4 * e];
      double y1 = segments[4 * e + 1];
      double x2 = segments[4 * e + 2];
      double y2 = segments[4 * e + 3];
      double ylo = Math.min(y1, y2);
      double yhi = Math.max(y1, y2);
      int ra = Math.max(r0, row(ylo - PAD * cellH));
      int rb = Math.min(r1, row(yhi + PAD * cellH));
      for (int r = ra; r <= rb; r++) {
        double xa;
        double xb;
        if (y1 == y2) {
          xa = x1;
          xb = x2;
        } else {
          double bandLo = Math.max(ylo, minY + (r - PAD) * cellH);
          double bandHi = Math.min(yhi, minY + (r + 1 + PAD) * cellH);
          double slope = (x2 - x1) / (y2 - y1);
          xa = x1 + (bandLo - y1) * slope;
          xb = x1 + (bandHi - y1) * slope;
        }
        int ca = Math.max(c0, col(Math.min(xa, xb) - PAD * cellW));
        int cb = Math.min(c1, col(Math.max(xa, xb) + PAD * cellW));
        for (int c = ca; c <= cb; c++) {
          if (pairs == pairCell.length) {
            pairCell = Arrays.copyOf(pairCell, pairs * 2);
            pairSegment = Arrays.copyOf(pairSegment, pairs * 2);
          }
          pairCell[pairs] = r * cols + c;
          pairSegment[pairs++] = e;
        }
      }
    }
    int[] local = new int[pairs - first];
    for (int p = first; p < pairs; p++) {
      int cell = pairCell[p];
      local[p - first] = (cell / cols - r0) * sw + (cell % cols - c0);
    }
    return compress(
        local, Arrays.copyOfRange(pairSegment, first, pairs), pairs - first, start.length - 1,
        start);
  }

  /** Groups (cell, value) pairs by cell: fills {@code start} (length cellCount + 1). */
  private static int[] compress(int[] cell, int[] value, int n, int cellCount, int[] start) {
    for (int p = 0; p < n; p++) {
      start[cell[p] + 1]++;
    }
    for (int i = 0; i < cellCount; i++) {
      start[i + 1] += start[i];
    }
    int[] fill = Arrays.copyOf(start, cellCount);
    int[] list = new int[n];
    for (int p = 0; p < n; p++) {
      list[fill[cell[p]]++] = value[p];
    }
    return list;
  }

  /** Whether an earlier district covers the whole cell: later ones can never be the answer. */
  private boolean covered(int cell) {
    return head[cell] >= 0 && kind[tail[cell]] == GridLocator.ALWAYS;
  }

  /** Appends a candidate whose edges are edgeBuffer[from, edgeCount) to a cell's list. */
  private void append(int cell, byte k, int order, double stop, boolean in, int from) {
    if (covered(cell)) {
      return;
    }
    if (count == kind.length) {
      int n = count * 2;
      kind = Arrays.copyOf(kind, n);
      district = Arrays.copyOf(district, n);
      qx = Arrays.copyOf(qx, n);
      qInside = Arrays.copyOf(qInside, n);
      edgeStart = Arrays.copyOf(edgeStart, n + 1);
      edgeEnd = Arrays.copyOf(edgeEnd, n);
      next = Arrays.copyOf(next, n);
    }
    kind[count] = k;
    district[count] = order;
    qx[count] = stop;
    qInside[count] = in;
    edgeStart[count] = from;
    edgeEnd[count] = edgeCount;
    next[count] = -1;
    if (head[cell] < 0) {
      head[cell] = count;
    } else {
      next[tail[cell]] = count;
    }
    tail[cell] = count;
    count++;
  }

  /**
   * Cells within snapping reach of some segment: the cells segments touch, widened by the reach
   * (a separable box dilation). An uncovered point anywhere else is surely outside.
   */
  private boolean[] nearCells() {
    boolean[] near = new boolean[cols * rows];
    if (reachCols < 0) {
      return near;
    }
    boolean[] across = new boolean[cols * rows];
    for (int r = 0; r < rows; r++) {
      int last = Integer.MIN_VALUE / 2; // column of the last cell with segments
      for (int c = 0; c < cols; c++) {
        if (cellSegmentStart[r * cols + c] != cellSegmentStart[r * cols + c + 1]) {
          int from = Math.max(Math.max(0, c - reachCols), last + reachCols + 1);
          int to = Math.min(cols, c + reachCols + 1);
          if (from < to) {
            Arrays.fill(across, r * cols + from, r * cols + to, true);
          }
          last = c;
        }
      }
    }
    for (int c = 0; c < cols; c++) {
      int last = Integer.MIN_VALUE / 2;
      for (int r = 0; r < rows; r++) {
        if (across[r * cols + c]) {
          for (int rr = Math.max(Math.max(0, r - reachRows), last + reachRows + 1);
              rr < Math.min(rows, r + reachRows + 1);
              rr++) {
            near[rr * cols + c] = true;
          }
          last = r;
        }
      }
    }
    return near;
  }

  /** Turns the per-cell lists into cell codes and flat candidate arrays in cell order. */
  private void flatten(boolean[] near) {
    cells = new int[cols * rows];
    int boundaries = 0;
    int candidates = 0;
    int edgeTotal = 0;
    for (int cell = 0; cell < cells.length; cell++) {
      int h = head[cell];
      if (h < 0) {
        cells[cell] = near[cell] ? GridLocator.NEAR : GridLocator.FAR;
      } else if (kind[h] == GridLocator.ALWAYS) {
        cells[cell] = district[h];
      } else {
        cells[cell] = GridLocator.BOUNDARY - boundaries++;
        for (int k = h; k >= 0; k = next[k]) {
          candidates++;
          edgeTotal += edgeEnd[k] - edgeStart[k];
        }
      }
    }
    int[] bStart = new int[boundaries + 1];
    byte[] fKind = new byte[candidates];
    int[] fDistrict = new int[candidates];
    double[] fQx = new double[candidates];
    boolean[] fIn = new boolean[candidates];
    int[] fEdgeStart = new int[candidates + 1];
    int[] fEdges = new int[edgeTotal];
    int b = 0;
    int k2 = 0;
    int e2 = 0;
    for (int cell = 0; cell < cells.length; cell++) {
      if (cells[cell] > GridLocator.BOUNDARY) {
        continue;
      }
      bStart[b++] = k2;
      for (int k = head[cell]; k >= 0; k = next[k]) {
        fKind[k2] = kind[k];
        fDistrict[k2] = district[k];
        fQx[k2] = qx[k];
        fIn[k2] = qInside[k];
        fEdgeStart[k2] = e2;
        int len = edgeEnd[k] - edgeStart[k];
        System.arraycopy(edgeBuffer, edgeStart[k], fEdges, e2, len);
        e2 += len;
        k2++;
      }
    }
    bStart[b] = k2;
    fEdgeStart[k2] = e2;
    boundaryStart = bStart;
    kind = fKind;
    district = fDistrict;
    qx = fQx;
    qInside = fIn;
    edgeStart = fEdgeStart;
    edges = fEdges;
    edgeBuffer = null;
  }
}
