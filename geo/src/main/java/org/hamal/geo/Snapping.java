package org.hamal.geo;

import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The snapping rule for points outside every district: the nearest district within {@code
 * snapMeters} (ties to the first in layer order), flagged as snapped. Both locators delegate here,
 * so a snapped answer is the same computation whichever index found the point uncovered.
 */
final class Snapping {

  private record Entry(int order, District district) {}

  private final STRtree tree = new STRtree();
  private final double snapMeters;

  Snapping(List<District> districts, double snapMeters) {
    this.snapMeters = snapMeters;
    for (int i = 0; i < districts.size(); i++) {
      District d = districts.get(i);
      tree.insert(d.geometry().getEnvelopeInternal(), new Entry(i, d));
    }
    tree.build();
  }

  /** The answer for a point that no district covers. */
  Location nearestWithin(double lon, double lat) {
    if (!(snapMeters > 0)) {
      return Location.OUTSIDE;
    }
    double reach = Geodesy.degreesFor(snapMeters, lat);
    Entry best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (Object o : tree.query(new Envelope(lon - reach, lon + reach, lat - reach, lat + reach))) {
      Entry e = (Entry) o;
      double d = Distances.toBoundaryMeters(e.district.geometry(), lon, lat);
      if (d < bestDistance || (d == bestDistance && best != null && e.order < best.order)) {
        best = e;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= snapMeters
        ? new Location(best.district, true, bestDistance)
        : Location.OUTSIDE;
  }
}
