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
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * An alert-area file indexed for the questions an alert asks, with the district layer of its
 * time: which area an alert names (by id, or by either name as the national feed spells it),
 * which areas hold a point (a report, a patroller), and which districts an area overlaps. Built
 * once and immutable; a new file or layer builds a new one.
 */
public final class AlertAreas {

  private static final GeometryFactory FACTORY = new GeometryFactory();

  private final AlertAreaFile file;
  private final Layer layer;
  private final Map<String, AlertArea> byId = new LinkedHashMap<>();
  private final Map<String, AlertArea> byName = new HashMap<>();
  private final Map<String, List<String>> districts = new HashMap<>();
  private final STRtree tree = new STRtree();

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
