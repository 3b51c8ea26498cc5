package org.hamal.geo.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hamal.geo.District;
import org.hamal.geo.Layer;
import org.hamal.geo.places.NameFolding;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.json.simple.JSONValue;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/**
 * An alert-area file indexed for the questions an alert asks, with the district layer of its
 * time: which area an alert names (by id, or by either name as the national feed spells it),
 * which areas hold a point (a report, a patroller), and which districts an area overlaps. Built
 * once and immutable; a new file or layer builds a new one.
 */
public final class AlertAreas {

  private static final GeometryFactory FACTORY = new GeometryFactory();
  /** Six decimals are ~0.1 m, the precision of the source files. */
  private static final int DECIMALS = 6;

  private final AlertAreaFile file;
  private final Layer layer;
  private final Map<String, AlertArea> byId = new LinkedHashMap<>();
  private final Map<String, AlertArea> byName = new HashMap<>();
  private final Map<String, List<String>> districts = new HashMap<>();
  private final STRtree tree = new STRtree();
  private final String featureCollection;

  private AlertAreas(AlertAreaFile file, Layer layer) {
    this.file = file;
    this.layer = layer;
    for (AlertArea area : file.areas()) {
      byId.put(area.id(), area);
      for (String name : new String[] {area.nameHe(), area.nameEn()}) {
        if (name != null) {
          byName.putIfAbsent(NameFolding.fold(name), area);
        }
      }
      tree.insert(area.geometry().getEnvelopeInternal(), area);
      List<String> overlapped = new ArrayList<>();
      for (District d : layer.intersecting(area.geometry().getEnvelopeInternal())) {
        if (area.overlaps(d.geometry())) {
          overlapped.add(d.id());
        }
      }
      districts.put(area.id(), List.copyOf(overlapped));
    }
    tree.build();
    featureCollection = encode();
  }

  /** Encoded once: pages fetch it at start and after every change of file or layer. */
  private String encode() {
    GeoJsonWriter writer = new GeoJsonWriter(DECIMALS);
    writer.setEncodeCRS(false);
    JSONObject head = new JSONObject();
    head.put("type", "FeatureCollection");
    head.put("name", file.name());
    head.put("version", file.version());
    head.put("layerVersion", layer.version());
    String open = head.toJSONString();
    StringBuilder out = new StringBuilder(open.substring(0, open.length() - 1)).append(",\"features\":[");
    for (AlertArea area : file.areas()) {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("id", area.id());
      props.put("name_he", area.nameHe());
      props.put("name_en", area.nameEn());
      props.put("shelter_seconds", area.shelterSeconds());
      JSONArray overlapped = new JSONArray();
      overlapped.addAll(districts(area.id()));
      props.put("districts", overlapped);
      if (out.charAt(out.length() - 1) != '[') {
        out.append(',');
      }
      out.append("{\"type\":\"Feature\",\"id\":").append(JSONValue.toJSONString(area.id()))
          .append(",\"properties\":").append(JSONObject.toJSONString(props))
          .append(",\"geometry\":").append(writer.write(area.geometry())).append('}');
    }
    return out.append("]}").toString();
  }

  /**
   * The areas as an RFC 7946 FeatureCollection with the file's {@code version} and the {@code
   * layerVersion} of the districts; each feature's properties {@code id}, {@code name_he}, {@code
   * name_en}, {@code shelter_seconds} and {@code districts}.
   */
  public String featureCollection() {
    return featureCollection;
  }

  /** Indexes {@code file} against the districts of {@code layer}. */
  public static AlertAreas of(AlertAreaFile file, Layer layer) {
    return new AlertAreas(file, layer);
  }

  public AlertAreaFile file() {
    return file;
  }

  public Layer layer() {
    return layer;
  }

  public String version() {
    return file.version();
  }

  /** Every area, in file order. */
  public List<AlertArea> areas() {
    return file.areas();
  }

  /** The area with this id, or whose Hebrew or English name folds to the same text. */
  public Optional<AlertArea> find(String idOrName) {
    if (idOrName == null) {
      return Optional.empty();
    }
    AlertArea area = byId.get(idOrName);
    return area != null ? Optional.of(area) : Optional.ofNullable(byName.get(NameFolding.fold(idOrName)));
  }

  /** The areas that hold the point (boundary included), in file order. */
  public List<AlertArea> covering(double lon, double lat) {
    Geometry point = FACTORY.createPoint(new Coordinate(lon, lat));
    List<AlertArea> out = new ArrayList<>();
    for (Object candidate : tree.query(point.getEnvelopeInternal())) {
      AlertArea area = (AlertArea) candidate;
      if (area.covers(point)) {
        out.add(area);
      }
    }
    out.sort((a, b) -> Integer.compare(file.areas().indexOf(a), file.areas().indexOf(b)));
    return out;
  }

  /** The ids of the layer's districts the area overlaps (more than a shared boundary). */
  public List<String> districts(String areaId) {
    return districts.getOrDefault(areaId, List.of());
  }
}
