package org.hamal.geo;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.json.simple.parser.JSONParser;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
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
  private final GeometryFactory factory = new GeometryFactory();

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
    JSONObject root = parse(content, source);
    Object features = root.get("features");
    if (!"FeatureCollection".equals(root.get("type")) || !(features instanceof JSONArray list)) {
      throw new LayerException(
          source,
          List.of(
              LayerProblem.error(
                  null, "not_a_feature_collection", "expected a GeoJSON FeatureCollection")));
    }
    CoordinateSequenceFilter toWgs84 = SourceCrs.toWgs84(sourceCrs(root, source));
    List<District> districts = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      District d = readFeature(list.get(i), i, ids, toWgs84, problems);
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
    String name = root.get("name") instanceof String n ? n : source;
    for (LayerProblem warning : problems) {
      LOG.warn("Layer {}: {}", source, warning);
    }
    return new Layer(
        name,
        version(content),
        districts,
        problems,
        ds -> new GridLocator(ds, options.snapMeters()));
  }

  private JSONObject parse(byte[] content, String source) throws LayerException {
    try {
      Object parsed =
          new JSONParser().parse(new StringReader(new String(content, StandardCharsets.UTF_8)));
      if (parsed instanceof JSONObject o) {
        return o;
      }
    } catch (org.json.simple.parser.ParseException | IOException e) {
      throw new LayerException(
          source, List.of(LayerProblem.error(null, "malformed_json", String.valueOf(e))));
    }
    throw new LayerException(
        source, List.of(LayerProblem.error(null, "malformed_json", "expected a JSON object")));
  }

  /**
   * The file's coordinate system, canonical: the configured one, else the file's legacy {@code
   * crs} member, else WGS84 as RFC 7946 requires.
   */
  private String sourceCrs(JSONObject root, String source) throws LayerException {
    String declared =
        options.sourceCrs() != null
            ? options.sourceCrs()
            : root.containsKey("crs") ? SourceCrs.nameOf(root.get("crs")) : SourceCrs.WGS84;
    String canonical = SourceCrs.canonical(declared);
    if (canonical == null) {
      throw new LayerException(
          source,
          List.of(
              LayerProblem.error(
                  null,
                  "unsupported_crs",
                  "coordinate system '"
                      + declared
                      + "' is not supported; use "
                      + SourceCrs.WGS84
                      + " (WGS84) or "
                      + SourceCrs.ISRAELI_TM_GRID
                      + " (Israeli TM Grid)")));
    }
    return canonical;
  }

  private District readFeature(
      Object raw,
      int index,
      Set<String> ids,
      CoordinateSequenceFilter toWgs84,
      List<LayerProblem> out) {
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
    Geometry geometry = readGeometry(feature.get("geometry"), ref, toWgs84, out);
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

  private Geometry readGeometry(
      Object raw, String ref, CoordinateSequenceFilter toWgs84, List<LayerProblem> out) {
    if (!(raw instanceof JSONObject json)) {
      out.add(LayerProblem.error(ref, "missing_geometry", "feature has no geometry"));
      return null;
    }
    Geometry geometry;
    try {
      geometry = new GeoJsonReader(factory).read(json.toJSONString());
    } catch (ParseException | RuntimeException e) {
      out.add(LayerProblem.error(ref, "malformed_geometry", String.valueOf(e.getMessage())));
      return null;
    }
    if (toWgs84 != null) {
      // Validity is checked below on the converted geometry: that is the one we use.
      geometry.apply(toWgs84);
    }
    if (!(geometry instanceof Polygonal) || geometry.isEmpty()) {
      out.add(
          LayerProblem.error(
              ref,
              "not_polygonal",
              "geometry is " + geometry.getGeometryType() + ", expected Polygon or MultiPolygon"));
      return null;
    }
    org.locationtech.jts.geom.Envelope box = geometry.getEnvelopeInternal();
    if (box.getMinX() < -180 || box.getMaxX() > 180 || box.getMinY() < -90 || box.getMaxY() > 90) {
      // Metres read as degrees: a grid export whose CRS was not declared.
      out.add(
          LayerProblem.error(
              ref,
              "coordinates_out_of_range",
              "coordinates reach "
                  + box
                  + ", outside longitude ±180 and latitude ±90: a projected layer (such as the"
                  + " Israeli TM Grid) must declare its CRS, e.g. "
                  + SourceCrs.ISRAELI_TM_GRID));
      return null;
    }
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
    return value == null ? null : value.toString();
  }

  private static String version(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
