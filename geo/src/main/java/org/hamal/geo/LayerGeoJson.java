package org.hamal.geo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.json.simple.JSONObject;
import org.locationtech.jts.algorithm.construct.MaximumInscribedCircle;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/** Writes a layer as an RFC 7946 FeatureCollection for maps. */
public final class LayerGeoJson {

  /** Six decimals are ~0.1 m, the precision of the source layers. */
  private static final int DECIMALS = 6;
  /** About a metre: labels need no more. */
  private static final double LABEL_TOLERANCE_DEGREES = 1e-5;

  private LayerGeoJson() {}

  /**
   * The layer as a FeatureCollection whose features carry the properties {@code id}, {@code
   * name_he}, {@code name_en}, {@code kind}, {@code label} ([lon, lat] where to print the name)
   * and, where known, the service center's details.
   */
  public static String featureCollection(Layer layer) {
    return featureCollection(layer, features(layer).values());
  }

  /**
   * Each district as its GeoJSON Feature, in layer order, keyed by id: encoded once per layer so
   * that a subset (the districts in a map's viewport) is only a concatenation.
   */
  public static Map<String, String> features(Layer layer) {
    GeoJsonWriter writer = new GeoJsonWriter(DECIMALS);
    writer.setEncodeCRS(false);
    Map<String, String> out = new LinkedHashMap<>();
    for (District d : layer.districts()) {
      out.put(
          d.id(),
          "{\"type\":\"Feature\",\"id\":"
              + quote(d.id())
              + ",\"properties\":"
              + JSONObject.toJSONString(properties(d))
              + ",\"geometry\":"
              + writer.write(d.geometry())
              + '}');
    }
    return out;
  }

  /** A FeatureCollection of the layer's name and version around already encoded features. */
  public static String featureCollection(Layer layer, Iterable<String> features) {
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("{\"type\":\"FeatureCollection\",\"name\":")
        .append(quote(layer.name()))
        .append(",\"version\":")
        .append(quote(layer.version()))
        .append(",\"features\":[");
    String separator = "";
    for (String feature : features) {
      out.append(separator).append(feature);
      separator = ",";
    }
    return out.append("]}").toString();
  }

  private static Map<String, Object> properties(District d) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", d.id());
    p.put("name_he", d.nameHe());
    p.put("name_en", d.nameEn());
    p.put("kind", d.kind());
    Point label = labelPoint(d.geometry());
    p.put("label", List.of(round(label.getX()), round(label.getY())));
    if (d.serviceCenter() != null) {
      p.put("service_center_address", d.serviceCenter().address());
      p.put("service_center_phone", d.serviceCenter().phone());
    }
    return p;
  }

  /**
   * Where a map should print the district's name: the centre of the largest circle inside its
   * largest part. A centroid can fall outside a concave district, and a map library's default
   * picks the first part of a MultiPolygon, however small.
   */
  public static Point labelPoint(Geometry polygonal) {
    Geometry largest = polygonal.getGeometryN(0);
    for (int i = 1; i < polygonal.getNumGeometries(); i++) {
      if (polygonal.getGeometryN(i).getArea() > largest.getArea()) {
        largest = polygonal.getGeometryN(i);
      }
    }
    return MaximumInscribedCircle.getCenter(largest, LABEL_TOLERANCE_DEGREES);
  }

  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }

  private static String quote(String s) {
    return "\"" + JSONObject.escape(s) + "\"";
  }
}
