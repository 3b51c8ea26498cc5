package org.hamal.geo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.json.simple.JSONObject;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/** Writes a layer as an RFC 7946 FeatureCollection for maps. */
public final class LayerGeoJson {

  /** Six decimals are ~0.1 m, the precision of the source layers. */
  private static final int DECIMALS = 6;

  private LayerGeoJson() {}

  /**
   * The layer as a FeatureCollection whose features carry the properties {@code id}, {@code
   * name_he}, {@code name_en}, {@code kind} and, where known, the service center's details.
   */
  public static String featureCollection(Layer layer) {
    GeoJsonWriter writer = new GeoJsonWriter(DECIMALS);
    writer.setEncodeCRS(false);
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("{\"type\":\"FeatureCollection\",\"name\":")
        .append(quote(layer.name()))
        .append(",\"version\":")
        .append(quote(layer.version()))
        .append(",\"features\":[");
    boolean first = true;
    for (District d : layer.districts()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append("{\"type\":\"Feature\",\"id\":")
          .append(quote(d.id()))
          .append(",\"properties\":")
          .append(JSONObject.toJSONString(properties(d)))
          .append(",\"geometry\":")
          .append(writer.write(d.geometry()))
          .append('}');
    }
    return out.append("]}").toString();
  }

  private static Map<String, Object> properties(District d) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", d.id());
    p.put("name_he", d.nameHe());
    p.put("name_en", d.nameEn());
    p.put("kind", d.kind());
    if (d.serviceCenter() != null) {
      p.put("service_center_address", d.serviceCenter().address());
      p.put("service_center_phone", d.serviceCenter().phone());
    }
    return p;
  }

  private static String quote(String s) {
    return "\"" + JSONObject.escape(s) + "\"";
  }
}
