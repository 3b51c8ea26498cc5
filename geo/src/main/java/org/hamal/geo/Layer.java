package org.hamal.geo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.locationtech.jts.geom.Envelope;

/**
 * An immutable district layer: its districts in layer order, a version that identifies its exact
 * content, and the index that locates points in it. A change of layer builds a new Layer and
 * swaps the reference; nothing here is ever mutated.
 */
public final class Layer {

  private final String name;
  private final String version;
  private final List<District> districts;
  private final Map<String, District> byId;
  private final Envelope bounds;
  private final DistrictLocator locator;

  Layer(
      String name,
      String version,
      List<District> districts,
      Function<List<District>, DistrictLocator> indexer) {
    this.name = name;
    this.version = version;
    this.districts = List.copyOf(districts);
    Map<String, District> ids = new LinkedHashMap<>();
    Envelope env = new Envelope();
    for (District d : this.districts) {
      ids.put(d.id(), d);
      env.expandToInclude(d.geometry().getEnvelopeInternal());
    }
    this.byId = Map.copyOf(ids);
    this.bounds = env;
    this.locator = indexer.apply(this.districts);
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

  public Optional<District> district(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The envelope of all districts, in WGS84 degrees. */
  public Envelope bounds() {
    return new Envelope(bounds);
  }

  /** See {@link DistrictLocator#locate}. Safe from any thread. */
  public Location locate(double lon, double lat) {
    return locator.locate(lon, lat);
  }
}
