package org.hamal.gateway.exports;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.hamal.cluster.report.Report;

/**
 * An RFC 7946 FeatureCollection: a Point feature [lon, lat] per report, its columns as flat
 * properties. Written a page at a time, so the collection is never whole in memory.
 */
public final class GeoJsonFormat implements ReportFormat {

  private static final Buffer HEAD = Buffer.buffer("{\"type\":\"FeatureCollection\",\"features\":[\n");
  private static final Buffer TAIL = Buffer.buffer("\n]}\n");

  private final ReportColumns columns;

  public GeoJsonFormat(ReportColumns columns) {
    this.columns = columns;
  }

  @Override
  public String contentType() {
    return "application/geo+json";
  }

  @Override
  public String extension() {
    return "geojson";
  }

  @Override
  public Buffer head() {
    return HEAD.copy();
  }

  @Override
  public Buffer rows(List<Report> reports, boolean first) {
    Buffer out = Buffer.buffer(reports.size() * 512);
    boolean separate = !first;
    for (Report r : reports) {
      if (separate) {
        out.appendString(",\n");
      }
      separate = true;
      out.appendBuffer(feature(r).toBuffer());
    }
    return out;
  }

  @Override
  public Buffer tail() {
    return TAIL.copy();
  }

  private JsonObject feature(Report r) {
    JsonObject properties = new JsonObject();
    List<String> names = columns.names();
    List<Object> values = columns.values(r);
    for (int i = 0; i < names.size(); i++) {
      properties.put(names.get(i), values.get(i));
    }
    return new JsonObject()
        .put("type", "Feature")
        .put("id", r.id())
        .put("geometry", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(r.lon()).add(r.lat())))
        .put("properties", properties);
  }
}
