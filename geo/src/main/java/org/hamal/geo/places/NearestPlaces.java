package org.hamal.geo.places;

import java.util.List;
import org.hamal.geo.Geodesy;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The named place nearest a point — a street or an address, never a district — for telling where
 * a report is in words (Open311's {@code address}). Geometries are kept in a local metric plane
 * (metres east and north, scaled at the places' mean latitude): across a city the error is
 * negligible, and every distance is a plain planar one. Immutable once built.
 */
public final class NearestPlaces {

  private final STRtree tree = new STRtree();
  private final double scaleX;
  private final GeometryFactory factory = new GeometryFactory();

  private NearestPlaces(List<Place> places) {
    List<Place> named = places.stream().filter(p -> p.kind() != Place.Kind.DISTRICT).toList();
    double meanLat = named.stream().mapToDouble(p -> p.geometry().getCentroid().getY()).average().orElse(0);
    this.scaleX = Geodesy.metersPerDegreeLon(meanLat);
    AffineTransformation toMeters = AffineTransformation.scaleInstance(scaleX, Geodesy.metersPerDegreeLat());
    for (Place p : named) {
      Geometry metric = toMeters.transform(p.geometry());
      tree.insert(metric.getEnvelopeInternal(), new Entry(p, metric));
    }
    tree.build();
  }

  private record Entry(Place place, Geometry metric) {}

  /** Indexes the places that are not districts. */
  public static NearestPlaces of(List<Place> places) {
    return new NearestPlaces(places);
  }

  /** The place nearest (lon, lat) within {@code maxMeters}, or null. */
  public Place nearest(double lon, double lat, double maxMeters) {
    Coordinate at = new Coordinate(lon * scaleX, lat * Geodesy.metersPerDegreeLat());
    Envelope around = new Envelope(at);
    around.expandBy(maxMeters);
    var point = factory.createPoint(at);
    Place best = null;
    double bestDistance = maxMeters;
    for (Object o : tree.query(around)) {
      Entry e = (Entry) o;
      double d = e.metric().distance(point);
      if (d <= bestDistance) {
        best = e.place();
        bestDistance = d;
      }
    }
    return best;
  }
}
