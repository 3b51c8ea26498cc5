package org.hamal.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Checks how a layer's districts fit together: overlaps larger than the tolerance are errors
 * (a point there would belong to two districts by more than rounding), and holes in the union of
 * the districts are warnings (reports there snap or fall outside).
 */
final class LayerTopology {

  private LayerTopology() {}

  static List<LayerProblem> check(List<District> districts, double overlapToleranceSquareMeters) {
    List<LayerProblem> out = new ArrayList<>();
    STRtree index = new STRtree();
    for (int i = 0; i < districts.size(); i++) {
      index.insert(districts.get(i).geometry().getEnvelopeInternal(), i);
    }
    index.build();
    overlaps(districts, index, overlapToleranceSquareMeters, out);
    gaps(districts, index, out);
    return out;
  }

  /** Only pairs whose envelopes meet are intersected: neighbours, not all n² pairs. */
  private static void overlaps(
      List<District> districts, STRtree index, double tolerance, List<LayerProblem> out) {
    for (int i = 0; i < districts.size(); i++) {
      District a = districts.get(i);
      PreparedGeometry prepared = PreparedGeometryFactory.prepare(a.geometry());
      for (Object o : index.query(a.geometry().getEnvelopeInternal())) {
        int j = (Integer) o;
        District b = districts.get(j);
        if (j <= i || !prepared.intersects(b.geometry())) {
          continue;
        }
        Geometry common =
            OverlayNGRobust.overlay(a.geometry(), b.geometry(), OverlayNG.INTERSECTION);
        double area = Geodesy.areaSquareMeters(common);
        if (area > tolerance) {
          out.add(
              LayerProblem.error(
                  a.id(),
                  "overlap",
                  String.format(
                      Locale.ROOT,
                      "overlaps '%s' by %.1f m² %s (tolerance %.1f m²)",
                      b.id(),
                      area,
                      at(common),
                      tolerance)));
        }
      }
    }
  }

  /**
   * The area the districts cover together, by the robust overlay: districts of a valid layer may
   * still touch and overlap within tolerance, where the classic overlay can fail.
   */
  static Geometry union(List<District> districts) {
    return OverlayNGRobust.union(districts.stream().map(District::geometry).toList());
  }

  /** A gap is a hole of the union that is not covered by any district. */
  private static void gaps(List<District> districts, STRtree index, List<LayerProblem> out) {
    if (districts.isEmpty()) {
      return;
    }
    Geometry union = union(districts);
    for (int p = 0; p < union.getNumGeometries(); p++) {
      if (!(union.getGeometryN(p) instanceof Polygon polygon)) {
        continue;
      }
      for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
        Polygon gap = union.getFactory().createPolygon(polygon.getInteriorRingN(h));
        List<Integer> neighbours = new ArrayList<>();
        for (Object o : index.query(gap.getEnvelopeInternal())) {
          if (districts.get((Integer) o).geometry().intersects(gap)) {
            neighbours.add((Integer) o);
          }
        }
        neighbours.sort(null);
        List<String> around = neighbours.stream().map(n -> districts.get(n).id()).toList();
        out.add(
            LayerProblem.warning(
                around.isEmpty() ? null : around.get(0),
                "gap",
                String.format(
                    Locale.ROOT,
                    "gap of %.1f m² %s, between %s",
                    Geodesy.areaSquareMeters(gap),
                    at(gap),
                    String.join(", ", around))));
      }
    }
  }

  private static String at(Geometry g) {
    Point p = g.getInteriorPoint();
    return p.isEmpty()
        ? ""
        : String.format(Locale.ROOT, "around %.6f,%.6f", p.getX(), p.getY());
  }
}
