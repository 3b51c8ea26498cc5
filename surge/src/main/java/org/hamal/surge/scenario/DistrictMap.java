package org.hamal.surge.scenario;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The district layer as the public API serves it ({@code GET /api/v1/districts}, RFC 7946), with
 * just enough geometry to generate reports: point-in-polygon, areas and random points. Surge may
 * not use Hamal's geo module; the layer is small, so plain even-odd ray casting is enough.
 */
public final class DistrictMap {

  /** Metres per degree of latitude (and of longitude at the equator). */
  static final double METRES_PER_DEGREE = 111_320.0;

  /** One district: its polygons, each a list of rings (outer first, then holes) of [lon, lat]. */
  public record District(
      String id, String kind, double[] label, List<List<double[][]>> polygons, double[] bbox,
      double areaSquareMetres) {

    public boolean contains(double lon, double lat) {
      if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3]) {
        return false;
      }
      for (List<double[][]> polygon : polygons) {
        boolean inside = false;
        // Even-odd over all rings of the polygon: a point in a hole crosses the hole's ring too.
        for (double[][] ring : polygon) {
          if (crossings(ring, lon, lat)) {
            inside = !inside;
          }
        }
        if (inside) {
          return true;
        }
      }
      return false;
    }
  }

  private final List<District> districts;
  private final double[] bbox;

  public DistrictMap(List<District> districts) {
    if (districts.isEmpty()) {
      throw new IllegalArgumentException("the district layer has no districts");
    }
    this.districts = List.copyOf(districts);
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (District d : districts) {
      b[0] = Math.min(b[0], d.bbox[0]);
      b[1] = Math.min(b[1], d.bbox[1]);
      b[2] = Math.max(b[2], d.bbox[2]);
      b[3] = Math.max(b[3], d.bbox[3]);
    }
    this.bbox = b;
  }

  /** Parses a GeoJSON FeatureCollection of Polygon and MultiPolygon features. */
  public static DistrictMap fromGeoJson(String geoJson) {
    JsonObject collection = new JsonObject(geoJson);
    JsonArray features = collection.getJsonArray("features");
    if (features == null) {
      throw new IllegalArgumentException("not a FeatureCollection: no features");
    }
    List<District> districts = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      JsonObject feature = features.getJsonObject(i);
      JsonObject props = feature.getJsonObject("properties", new JsonObject());
      String id = props.getString("id", feature.getValue("id") == null ? null : String.valueOf(feature.getValue("id")));
      if (id == null) {
        throw new IllegalArgumentException("feature " + i + " has no id");
      }
      JsonObject geometry = feature.getJsonObject("geometry");
      JsonArray coordinates = geometry.getJsonArray("coordinates");
      List<List<double[][]>> polygons = new ArrayList<>();
      switch (geometry.getString("type")) {
        case "Polygon" -> polygons.add(polygon(coordinates));
        case "MultiPolygon" -> {
          for (int p = 0; p < coordinates.size(); p++) {
            polygons.add(polygon(coordinates.getJsonArray(p)));
          }
        }
        default -> throw new IllegalArgumentException(
            "district " + id + ": unsupported geometry " + geometry.getString("type"));
      }
      double[] bbox = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
      double area = 0;
      for (List<double[][]> polygon : polygons) {
        for (int r = 0; r < polygon.size(); r++) {
          double[][] ring = polygon.get(r);
          for (double[] c : ring) {
            bbox[0] = Math.min(bbox[0], c[0]);
            bbox[1] = Math.min(bbox[1], c[1]);
            bbox[2] = Math.max(bbox[2], c[0]);
            bbox[3] = Math.max(bbox[3], c[1]);
          }
          double ringArea = Math.abs(ringAreaSquareMetres(ring));
          area += r == 0 ? ringArea : -ringArea;
        }
      }
      JsonArray labelJson = props.getJsonArray("label");
      double[] label =
          labelJson != null
              ? new double[] {labelJson.getDouble(0), labelJson.getDouble(1)}
              : new double[] {(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2};
      districts.add(
          new District(id, props.getString("kind", "district"), label, polygons, bbox, area));
    }
    return new DistrictMap(districts);
  }

  private static List<double[][]> polygon(JsonArray rings) {
    List<double[][]> out = new ArrayList<>();
    for (int r = 0; r < rings.size(); r++) {
      JsonArray ring = rings.getJsonArray(r);
      double[][] points = new double[ring.size()][];
      for (int k = 0; k < ring.size(); k++) {
        JsonArray c = ring.getJsonArray(k);
        points[k] = new double[] {c.getDouble(0), c.getDouble(1)};
      }
      out.add(points);
    }
    return out;
  }

  /** Whether a horizontal ray from the point crosses the ring an odd number of times. */
  static boolean crossings(double[][] ring, double lon, double lat) {
    boolean odd = false;
    for (int i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      double xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
        odd = !odd;
      }
    }
    return odd;
  }

  /** Shoelace area in a local equirectangular frame: exact enough for weighting districts. */
  static double ringAreaSquareMetres(double[][] ring) {
    double lat0 = Math.toRadians(ring[0][1]);
    double kx = METRES_PER_DEGREE * Math.cos(lat0);
    double sum = 0;
    for (int i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      sum += (ring[j][0] * kx) * (ring[i][1] * METRES_PER_DEGREE)
          - (ring[i][0] * kx) * (ring[j][1] * METRES_PER_DEGREE);
    }
    return sum / 2;
  }

  public List<District> districts() {
    return districts;
  }

  public Optional<District> byId(String id) {
    return districts.stream().filter(d -> d.id.equals(id)).findFirst();
  }

  /** The first district containing the point, in layer order (the server's border rule). */
  public Optional<District> locate(double lon, double lat) {
    for (District d : districts) {
      if (d.contains(lon, lat)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** A uniformly random point inside the district (rejection sampling in its bounding box). */
  public static double[] randomPointIn(District d, Random random) {
    for (int tries = 0; tries < 100_000; tries++) {
      double lon = d.bbox[0] + random.nextDouble() * (d.bbox[2] - d.bbox[0]);
      double lat = d.bbox[1] + random.nextDouble() * (d.bbox[3] - d.bbox[1]);
      if (d.contains(lon, lat)) {
        return new double[] {lon, lat};
      }
    }
    return d.label.clone();
  }

  /**
   * A uniformly random point within {@code radiusMetres} of the centre that lies inside some
   * district, so the server accepts it; the centre itself when none is found.
   */
  public double[] randomPointNear(double[] centre, double radiusMetres, Random random) {
    for (int tries = 0; tries < 1_000; tries++) {
      double r = radiusMetres * Math.sqrt(random.nextDouble());
      double theta = 2 * Math.PI * random.nextDouble();
      double lat = centre[1] + r * Math.cos(theta) / METRES_PER_DEGREE;
      double lon =
          centre[0]
              + r * Math.sin(theta) / (METRES_PER_DEGREE * Math.cos(Math.toRadians(centre[1])));
      if (locate(lon, lat).isPresent()) {
        return new double[] {lon, lat};
      }
    }
    return centre.clone();
  }

  /** The bounding box of the whole layer: [west, south, east, north]. */
  public double[] bbox() {
    return bbox.clone();
  }

  /** Great-circle distance in metres (haversine). */
  public static double distanceMetres(double[] a, double[] b) {
    double r = 6_371_008.8;
    double dLat = Math.toRadians(b[1] - a[1]);
    double dLon = Math.toRadians(b[0] - a[0]);
    double h =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(a[1])) * Math.cos(Math.toRadians(b[1]))
                * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * r * Math.asin(Math.sqrt(h));
  }
}
