package org.hamal.geo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.json.simple.parser.JSONParser;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * What every GeoJSON file a city uploads (a district layer, a place file) goes through: parsing,
 * its coordinate system, each feature's geometry converted to WGS84, and its content version.
 * Problems are {@link LayerProblem}s, so both kinds of file report them the same way.
 */
public final class GeoJsonFile {

  private final JSONObject root;
  private final JSONArray features;
  private final CoordinateSequenceFilter toWgs84;
  private final GeometryFactory factory = new GeometryFactory();

  private GeoJsonFile(JSONObject root, JSONArray features, CoordinateSequenceFilter toWgs84) {
    this.root = root;
    this.features = features;
    this.toWgs84 = toWgs84;
  }

  /**
   * Reads a FeatureCollection.
   *
   * @param configuredCrs the CRS the caller declares, or null: the file's legacy {@code crs}
   *     member, else WGS84 as RFC 7946 requires
   * @throws LayerException when the bytes are not a FeatureCollection in a CRS we read
   */
  public static GeoJsonFile read(byte[] content, String source, String configuredCrs)
      throws LayerException {
    JSONObject root = parse(content, source);
    Object features = root.get("features");
    if (!"FeatureCollection".equals(root.get("type")) || !(features instanceof JSONArray list)) {
      throw new LayerException(
          source,
          List.of(
              LayerProblem.error(
                  null, "not_a_feature_collection", "expected a GeoJSON FeatureCollection")));
    }
    return new GeoJsonFile(
        root, list, SourceCrs.toWgs84(sourceCrs(root, configuredCrs, source)));
  }

  /** The FeatureCollection's {@code features}, as parsed. */
  public JSONArray features() {
    return features;
  }

  /** The FeatureCollection's {@code name} member, or {@code fallback}. */
  public String name(String fallback) {
    return root.get("name") instanceof String n ? n : fallback;
  }

  /**
   * A feature's geometry in WGS84, or null with a problem added: none, unreadable, of a type
   * {@code typeProblem} refuses (given the feature's ref, it answers the problem, or null to
   * accept), or beyond ±180/±90.
   */
  public Geometry geometry(
      Object raw,
      String ref,
      BiFunction<String, Geometry, LayerProblem> typeProblem,
      List<LayerProblem> out) {
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
      // Any check after this one is on the converted geometry: that is the one we use.
      geometry.apply(toWgs84);
    }
    LayerProblem wrongType = typeProblem.apply(ref, geometry);
    if (wrongType != null) {
      out.add(wrongType);
      return null;
    }
    Envelope box = geometry.getEnvelopeInternal();
    if (box.getMinX() < -180 || box.getMaxX() > 180 || box.getMinY() < -90 || box.getMaxY() > 90) {
      // Metres read as degrees: a grid export whose CRS was not declared.
      out.add(
          LayerProblem.error(
              ref,
              "coordinates_out_of_range",
              "coordinates reach "
                  + box
                  + ", outside longitude ±180 and latitude ±90: a projected file (such as the"
                  + " Israeli TM Grid) must declare its CRS, e.g. "
                  + SourceCrs.ISRAELI_TM_GRID));
      return null;
    }
    return geometry;
  }

  /** The first 12 hex digits of the SHA-256 of the file's bytes: equal files, equal versions. */
  public static String version(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A property's value as text, or null. */
  public static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static JSONObject parse(byte[] content, String source) throws LayerException {
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
  private static String sourceCrs(JSONObject root, String configured, String source)
      throws LayerException {
    String declared =
        configured != null
            ? configured
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
}
