package org.hamal.geo.places;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hamal.geo.GeoJsonFile;
import org.hamal.geo.LayerException;
import org.hamal.geo.LayerProblem;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Point;

/**
 * A city's place file: a GeoJSON FeatureCollection of named points (addresses, landmarks) and
 * streets (LineString or MultiLineString, with {@code house_from} / {@code house_to} where the
 * file has them), read and validated like a district layer: every problem at once, each naming
 * its feature, in WGS84 or the Israeli TM Grid.
 *
 * @param version the first 12 hex digits of the SHA-256 of the file's bytes
 */
public record PlaceFile(String name, String version, List<Place> places) {

  /** The largest house number a range may give: no street runs beyond it. */
  static final int MAX_HOUSE_NUMBER = 99_999;

  public PlaceFile {
    places = List.copyOf(places);
  }

  /**
   * Reads and validates a place file.
   *
   * @param sourceCrs the CRS the uploader declares, or null (the file's {@code crs}, else WGS84)
   * @throws LayerException with every problem when the file has any error
   */
  public static PlaceFile load(byte[] content, String source, String sourceCrs)
      throws LayerException {
    GeoJsonFile file = GeoJsonFile.read(content, source, sourceCrs);
    JSONArray features = file.features();
    List<LayerProblem> problems = new ArrayList<>();
    List<Place> places = new ArrayList<>(features.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < features.size(); i++) {
      Place place = new Feature(file, i, problems).read(features.get(i), ids);
      if (place != null) {
        places.add(place);
      }
    }
    if (features.isEmpty()) {
      problems.add(LayerProblem.error(null, "empty_file", "the file has no features"));
    }
    if (!problems.isEmpty()) {
      throw new LayerException(source, problems);
    }
    return new PlaceFile(file.name(source), GeoJsonFile.version(content), places);
  }

  /** One feature being read; its problems go to the file's list. */
  private record Feature(GeoJsonFile file, int index, List<LayerProblem> out) {

    Place read(Object raw, Set<String> ids) {
      if (!(raw instanceof JSONObject feature) || !"Feature".equals(feature.get("type"))) {
        out.add(LayerProblem.error("#" + index, "not_a_feature", "features[" + index + "] is not a Feature"));
        return null;
      }
      Map<?, ?> props = feature.get("properties") instanceof Map<?, ?> m ? m : Map.of();
      String given = GeoJsonFile.text(props.get("id") != null ? props.get("id") : feature.get("id"));
      String id = given == null || given.isBlank() ? "#" + index : given;
      if (!ids.add(id)) {
        out.add(LayerProblem.error(id, "duplicate_id", "id '" + id + "' is used by two features"));
        return null;
      }
      String nameHe = NameFolding.name(props.get("name_he"));
      String nameEn = NameFolding.name(props.get("name_en"));
      if (nameHe == null && nameEn == null) {
        out.add(LayerProblem.error(id, "missing_name", "feature has neither 'name_he' nor 'name_en'"));
      }
      Place.Kind kind = kind(id, props.get("kind"));
      Geometry geometry = file.geometry(feature.get("geometry"), id, Feature::unsupported, out);
      if (geometry == null || kind == null || (nameHe == null && nameEn == null)) {
        return null;
      }
      Place.Kind shape = geometry instanceof Point ? Place.Kind.POINT : Place.Kind.STREET;
      if (props.get("kind") != null && kind != shape) {
        out.add(LayerProblem.error(id, "kind_mismatch",
            "kind is " + kind.wire() + " but the geometry is " + geometry.getGeometryType()
                + " (a point is a Point, a street a LineString or MultiLineString)"));
        return null;
      }
      Place.HouseRange houses = houses(id, props, shape);
      if (houses == INVALID) {
        return null;
      }
      return new Place(id, shape, nameHe, nameEn, geometry, houses);
    }

    private Place.Kind kind(String id, Object value) {
      if (value == null) {
        return Place.Kind.POINT; // decided by the geometry
      }
      String kind = value.toString();
      if (kind.equals("point")) {
        return Place.Kind.POINT;
      }
      if (kind.equals("street")) {
        return Place.Kind.STREET;
      }
      out.add(LayerProblem.error(id, "unknown_kind", "kind '" + kind + "' is neither point nor street"));
      return null;
    }

    private Place.HouseRange houses(String id, Map<?, ?> props, Place.Kind shape) {
      Object from = props.get("house_from");
      Object to = props.get("house_to");
      if (from == null && to == null) {
        return null;
      }
      if (shape != Place.Kind.STREET) {
        return invalid(id, "house_from and house_to belong to streets; put a point's number in its name");
      }
      if (!houseNumber(from) || !houseNumber(to)) {
        return invalid(id, "house_from and house_to must both be whole numbers from 0 to " + MAX_HOUSE_NUMBER);
      }
      return new Place.HouseRange(((Number) from).intValue(), ((Number) to).intValue());
    }

    private Place.HouseRange invalid(String id, String message) {
      out.add(LayerProblem.error(id, "invalid_house_range", message));
      return INVALID;
    }

    private static boolean houseNumber(Object value) {
      return value instanceof Long n && n >= 0 && n <= MAX_HOUSE_NUMBER;
    }

    private static LayerProblem unsupported(String ref, Geometry geometry) {
      if (!geometry.isEmpty() && (geometry instanceof Point || geometry instanceof Lineal)) {
        return null;
      }
      return LayerProblem.error(ref, "unsupported_geometry",
          "geometry is " + geometry.getGeometryType() + (geometry.isEmpty() ? " (empty)" : "")
              + ", expected Point, LineString or MultiLineString");
    }

  }

  /** A range that was refused: the feature is left out. */
  private static final Place.HouseRange INVALID = new Place.HouseRange(-1, -1);
}
