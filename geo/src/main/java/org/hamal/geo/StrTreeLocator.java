package org.hamal.geo;

import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The plain JTS approach: an STRtree of prepared polygons, queried by the point's envelope and
 * confirmed with {@code covers}. Correct and simple; it is the reference the faster index is
 * tested and benchmarked against.
 */
public final class StrTreeLocator implements DistrictLocator {

  private record Entry(int order, District district, PreparedGeometry prepared, Location inside) {}

  private final STRtree tree = new STRtree();
  private final GeometryFactory factory = new GeometryFactory();
  private final Snapping snapping;

  public StrTreeLocator(List<District> districts, double snapMeters) {
    this.snapping = new Snapping(districts, snapMeters);
    for (int i = 0; i < districts.size(); i++) {
      District d = districts.get(i);
      Entry entry =
          new Entry(i, d, PreparedGeometryFactory.prepare(d.geometry()), Location.inside(d));
      tree.insert(d.geometry().getEnvelopeInternal(), entry);
    }
    tree.build();
  }

  @Override
  public Location locate(double lon, double lat) {
    Point point = factory.createPoint(new Coordinate(lon, lat));
    Entry best = null;
    for (Object o : tree.query(new Envelope(lon, lon, lat, lat))) {
      Entry e = (Entry) o;
      if ((best == null || e.order < best.order) && e.prepared.covers(point)) {
        best = e;
      }
    }
    if (best != null) {
      return best.inside;
    }
    return snapping.nearestWithin(lon, lat);
  }
}
