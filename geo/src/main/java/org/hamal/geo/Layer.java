package org.hamal.geo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * An immutable district layer: its districts in layer order, a version that identifies its exact
 * content, and the index that locates points in it. A change of layer builds a new Layer and
 * swaps the reference; nothing here is ever mutated.
 */
public final class Layer {

  private final String name;
  private final String version;
  private final List<District> districts;
  private final List<LayerProblem> warnings;
  private final Map<String, District> byId;
  private final Envelope bounds;
  private final DistrictLocator locator;
  /** Prepared districts by envelope, for box queries; entries are layer positions. */
  private final STRtree boxIndex = new STRtree();
  private final PreparedGeometry[] prepared;

  Layer(
      String name,
      String version,
      List<District> districts,
      List<LayerProblem> warnings,
      Function<List<District>, DistrictLocator> indexer) {
    this.name = name;
    this.version = version;
    this.districts = List.copyOf(districts);
    this.warnings = List.copyOf(warnings);
    Map<String, District> ids = new LinkedHashMap<>();
    Envelope env = new Envelope();
    for (District d : this.districts) {
      ids.put(d.id(), d);
      env.expandToInclude(d.geometry().getEnvelopeInternal());
    }
    this.byId = Map.copyOf(ids);
    this.bounds = env;
    this.locator = indexer.apply(this.districts);
    this.prepared = new PreparedGeometry[this.districts.size()];
    for (int i = 0; i < prepared.length; i++) {
      Geometry g = this.districts.get(i).geometry();
      prepared[i] = PreparedGeometryFactory.prepare(g);
      boxIndex.insert(g.getEnvelopeInternal(), i);
    }
    boxIndex.build();
  }

  /** The layer's name, from the FeatureCollection's {@code name} member or its file name. */
  public String name() {
    return name;
  }

  /** Content version: a short hash of the source bytes, equal on every node for equal files. */
  public String version() {
    return version;
  }

  public List<District> districts() {
    return districts;
  }

  /**
   * What validation found but accepted (severity WARNING), e.g. {@code gap}; empty for a clean
   * layer.
   */
  public List<LayerProblem> warnings() {
    return warnings;
  }

  public Optional<District> district(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The envelope of all districts, in WGS84 degrees. */
  public Envelope bounds() {
    return new Envelope(bounds);
  }

  /**
   * The districts whose geometry intersects {@code box} (touching its edge counts), in layer
   * order. Exact: a district whose envelope meets the box but whose polygon does not is left out.
   */
  public List<District> intersecting(Envelope box) {
    if (box.isNull()) {
      return List.of();
    }
    Geometry boxGeometry = new GeometryFactory().toGeometry(box);
    List<Integer> hits = new ArrayList<>();
    for (Object o : boxIndex.query(box)) {
      int i = (Integer) o;
      if (prepared[i].intersects(boxGeometry)) {
        hits.add(i);
      }
    }
    hits.sort(null);
    List<District> out = new ArrayList<>(hits.size());
    hits.forEach(i -> out.add(districts.get(i)));
    return out;
  }

  /** {@link #intersecting(Envelope)} for a box given by its WGS84 corners. */
  public List<District> districtsIn(double minLon, double minLat, double maxLon, double maxLat) {
    return intersecting(new Envelope(minLon, maxLon, minLat, maxLat));
  }

  /** See {@link DistrictLocator#locate}. Safe from any thread. */
  public Location locate(double lon, double lat) {
    return locator.locate(lon, lat);
  }
}
