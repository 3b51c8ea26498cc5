package org.hamal.geo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a district layer from RFC 7946 GeoJSON and validates it. Every problem is collected and
 * reported together, each naming its feature, so a GIS department can fix a file in one round.
 */
public final class LayerLoader {

  /** Classpath location of the bundled default layer (Ashkelon). */
  public static final String BUNDLED_RESOURCE = "org/hamal/geo/layers/ashkelon-districts.geojson";

  private static final Logger LOG = LoggerFactory.getLogger(LayerLoader.class);

  private final LayerOptions options;

  public LayerLoader(LayerOptions options) {
    this.options = options;
  }

  /** Loads the bundled Ashkelon layer. */
  public Layer loadBundled() throws LayerException {
    try (InputStream in = LayerLoader.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled layer missing from the classpath");
      }
      return load(in.readAllBytes(), "bundled:ashkelon-districts.geojson");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the bundled layer", e);
    }
  }

  /** Loads the layer at {@code path}; {@code null} means the bundled default. */
  public Layer load(Path path) throws LayerException, IOException {
    if (path == null) {
      return loadBundled();
    }
    return load(Files.readAllBytes(path), path.getFileName().toString());
  }

  /** Loads a layer from GeoJSON bytes; {@code source} names it in messages. */
  public Layer load(byte[] content, String source) throws LayerException {
    List<LayerProblem> problems = new ArrayList<>();
    GeoJsonFile file = GeoJsonFile.read(content, source, options.sourceCrs());
    JSONArray list = file.features();
    List<District> districts = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      District d = readFeature(file, list.get(i), i, ids, problems);
      if (d != null) {
        districts.add(d);
      }
    }
    if (list.isEmpty()) {
      problems.add(LayerProblem.error(null, "empty_layer", "the layer has no features"));
    }
    problems.addAll(LayerTopology.check(districts, options.overlapToleranceSquareMeters()));
    if (problems.stream().anyMatch(p -> p.severity() == LayerProblem.Severity.ERROR)) {
      throw new LayerException(source, problems);
    }
    for (LayerProblem warning : problems) {
      LOG.warn("Layer {}: {}", source, warning);
    }
    return new Layer(
        file.name(source),
        GeoJsonFile.version(content),
        districts,
        problems,
        ds -> new GridLocator(ds, options.snapMeters()));
  }

  private static District readFeature(
      GeoJsonFile file, Object raw, int index, Set<String> ids, List<LayerProblem> out) {
    String ref = "#" + index;
    if (!(raw instanceof JSONObject feature) || !"Feature".equals(feature.get("type"))) {
      out.add(LayerProblem.error(ref, "not_a_feature", "features[" + index + "] is not a Feature"));
      return null;
    }
    Map<?, ?> props = feature.get("properties") instanceof Map<?, ?> m ? m : Map.of();
    String id = text(props.get("id"));
    if (id == null || id.isBlank()) {
      out.add(LayerProblem.error(ref, "missing_id", "feature has no 'id' property"));
      return null;
    }
    ref = id;
    if (!ids.add(id)) {
      out.add(LayerProblem.error(ref, "duplicate_id", "id '" + id + "' is used by two features"));
      return null;
    }
    Geometry geometry = file.geometry(feature.get("geometry"), ref, LayerLoader::notPolygonal, out);
    if (geometry != null) {
      geometry = valid(geometry, ref, out);
    }
    if (geometry == null) {
      return null;
    }
    String kind = text(props.get("kind"));
    District.ServiceCenter center = null;
    String address = text(props.get("service_center_address"));
    String phone = text(props.get("service_center_phone"));
    if (address != null || phone != null) {
      center = new District.ServiceCenter(address, phone);
    }
    return new District(
        id,
        text(props.get("name_he")),
        text(props.get("name_en")),
        kind == null ? District.SERVICE_DISTRICT : kind,
        center,
        geometry);
  }

  private static LayerProblem notPolygonal(String ref, Geometry geometry) {
    if (geometry instanceof Polygonal && !geometry.isEmpty()) {
      return null;
    }
    return LayerProblem.error(
        ref, "not_polygonal", "geometry is " + geometry.getGeometryType() + ", expected Polygon or MultiPolygon");
  }

  private static Geometry valid(Geometry geometry, String ref, List<LayerProblem> out) {
    TopologyValidationError error = new IsValidOp(geometry).getValidationError();
    if (error != null) {
      out.add(
          LayerProblem.error(
              ref,
              "invalid_geometry",
              error.getMessage() + " at " + error.getCoordinate().x + "," + error.getCoordinate().y));
      return null;
    }
    return geometry;
  }

  private static String text(Object value) {
    return GeoJsonFile.text(value);
  }
}
