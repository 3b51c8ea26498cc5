package org.hamal.geo.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hamal.geo.GeoJsonFile;
import org.hamal.geo.LayerException;
import org.hamal.geo.LayerProblem;
import org.hamal.geo.places.NameFolding;
import org.json.simple.JSONObject;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;

/**
 * A city's alert-area file: a GeoJSON FeatureCollection of the Home Front Command's alert areas,
 * each a Polygon or MultiPolygon with {@code id}, {@code name_he}/{@code name_en} and {@code
 * shelter_seconds}, read and validated like a district layer: every problem at once, each naming
 * its feature, in WGS84 or the Israeli TM Grid. Areas may overlap; they need not cover the city.
 *
 * @param version the first 12 hex digits of the SHA-256 of the file's bytes
 */
public record AlertAreaFile(String name, String version, List<AlertArea> areas) {

  /** The bundled default: Ashkelon's four areas (README beside it). */
  public static final String ASHKELON_RESOURCE = "/org/hamal/geo/alerts/ashkelon-alert-areas.geojson";
  /** No area gives longer than this to reach a shelter (the national table's longest is 3 min). */
  public static final int MAX_SHELTER_SECONDS = 600;

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  public AlertAreaFile {
    areas = List.copyOf(areas);
  }

  /** The bundled Ashkelon areas. */
  public static AlertAreaFile ashkelon() {
    try (var in = AlertAreaFile.class.getResourceAsStream(ASHKELON_RESOURCE)) {
      return load(in.readAllBytes(), "bundled:ashkelon-alert-areas.geojson", null);
    } catch (Exception e) {
      throw new IllegalStateException("the bundled alert areas do not load", e);
    }
  }

  /**
   * Reads and validates an alert-area file.
   *
   * @param sourceCrs the CRS the uploader declares, or null (the file's {@code crs}, else WGS84)
   * @throws LayerException with every problem when the file has any error
   */
  public static AlertAreaFile load(byte[] content, String source, String sourceCrs) throws LayerException {
    GeoJsonFile file = GeoJsonFile.read(content, source, sourceCrs);
    List<LayerProblem> problems = new ArrayList<>();
    List<AlertArea> areas = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < file.features().size(); i++) {
      AlertArea area = read(file, i, ids, problems);
      if (area != null && uniqueNames(area, names, problems)) {
        areas.add(area);
      }
    }
    if (file.features().isEmpty()) {
      problems.add(LayerProblem.error(null, "empty_file", "the file has no features"));
    }
    if (!problems.isEmpty()) {
      throw new LayerException(source, problems);
    }
    return new AlertAreaFile(file.name(source), GeoJsonFile.version(content), areas);
  }

  /**
   * An alert names its areas by id or by either name, folded: two areas answering to one name
   * would have the feed's alert sound in the wrong one.
   */
  private static boolean uniqueNames(AlertArea area, Map<String, String> names, List<LayerProblem> out) {
    boolean unique = true;
    Set<String> own = new HashSet<>();
    for (String name : new String[] {area.id(), area.nameHe(), area.nameEn()}) {
      String folded = name == null ? null : NameFolding.fold(name);
      if (folded == null || !own.add(folded)) {
        continue;
      }
      String other = names.putIfAbsent(folded, area.id());
      if (other != null) {
        out.add(LayerProblem.error(area.id(), "duplicate_name",
            "'" + name + "' also names area '" + other + "': an alert naming it would be ambiguous"));
        unique = false;
      }
    }
    return unique;
  }

  private static AlertArea read(GeoJsonFile file, int index, Set<String> ids, List<LayerProblem> out) {
    Object raw = file.features().get(index);
    if (!(raw instanceof JSONObject feature) || !"Feature".equals(feature.get("type"))) {
      out.add(LayerProblem.error("#" + index, "not_a_feature", "features[" + index + "] is not a Feature"));
      return null;
    }
    Map<?, ?> props = feature.get("properties") instanceof Map<?, ?> m ? m : Map.of();
    String given = GeoJsonFile.text(props.get("id") != null ? props.get("id") : feature.get("id"));
    String id = given == null ? "#" + index : given;
    if (given == null || !ID.matcher(given).matches()) {
      out.add(LayerProblem.error(id, "invalid_id",
          "features[" + index + "] needs an id of lower-case letters, digits and '-' (at most 64)"));
      return null;
    }
    if (!ids.add(id)) {
      out.add(LayerProblem.error(id, "duplicate_id", "id '" + id + "' is used by two features"));
      return null;
    }
    String nameHe = NameFolding.name(props.get("name_he"));
    String nameEn = NameFolding.name(props.get("name_en"));
    if (nameHe == null && nameEn == null) {
      out.add(LayerProblem.error(id, "missing_name", "feature has neither 'name_he' nor 'name_en'"));
    }
    Object shelter = props.get("shelter_seconds");
    boolean shelterValid = shelter instanceof Long s && s >= 0 && s <= MAX_SHELTER_SECONDS;
    if (!shelterValid) {
      out.add(LayerProblem.error(id, "invalid_shelter_seconds",
          "shelter_seconds must be a whole number of seconds from 0 to " + MAX_SHELTER_SECONDS));
    }
    Geometry geometry = file.geometry(feature.get("geometry"), id, AlertAreaFile::unsupported, out);
    if (geometry == null || !shelterValid || (nameHe == null && nameEn == null)) {
      return null;
    }
    if (!geometry.isValid()) {
      out.add(LayerProblem.error(id, "invalid_geometry", "the polygon is not valid (it crosses itself)"));
      return null;
    }
    return new AlertArea(id, nameHe, nameEn, ((Long) shelter).intValue(), geometry);
  }

  private static LayerProblem unsupported(String ref, Geometry geometry) {
    if (!geometry.isEmpty() && geometry instanceof Polygonal) {
      return null;
    }
    return LayerProblem.error(ref, "unsupported_geometry",
        "geometry is " + geometry.getGeometryType() + (geometry.isEmpty() ? " (empty)" : "")
            + ", expected Polygon or MultiPolygon");
  }

}
