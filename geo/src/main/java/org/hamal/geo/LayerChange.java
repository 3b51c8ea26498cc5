package org.hamal.geo;

import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * What replacing one layer by another would change: how much of the area the city serves today
 * the new layer still covers, and which of a set of points (the open reports) it would leave
 * outside. A layer that validates can still be the wrong one — another city's, or a file in
 * degrees declared as metres — and a plausibility check must say so before every new report is
 * refused as outside the service area.
 */
public final class LayerChange {

  private final Layer previous;
  private final Layer next;

  public LayerChange(Layer previous, Layer next) {
    this.previous = previous;
    this.next = next;
  }

  /** The share (0 to 1) of the previous layer's area that the next one covers too. */
  public double coveredShare() {
    if (previous.districts().isEmpty()) {
      return 1;
    }
    if (next.districts().isEmpty()) {
      return 0;
    }
    Geometry before = LayerTopology.union(previous.districts());
    double area = before.getArea();
    if (area == 0) {
      return 1;
    }
    Geometry common = OverlayNGRobust.overlay(before, LayerTopology.union(next.districts()), OverlayNG.INTERSECTION);
    return common.getArea() / area;
  }

  /**
   * How many of the points ({@code lonLat} pairs) the next layer places in no district, snapping
   * as it would for a report.
   */
  public int outside(List<double[]> lonLat) {
    int out = 0;
    for (double[] p : lonLat) {
      if (!next.locate(p[0], p[1]).found()) {
        out++;
      }
    }
    return out;
  }
}
