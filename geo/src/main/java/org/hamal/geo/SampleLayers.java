package org.hamal.geo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.json.simple.parser.JSONParser;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * Layers for the property tests and the benchmark: the national municipalities file when it is
 * present, and generated layers of polygons that share their borders exactly.
 */
final class SampleLayers {

  /** System property that points at the municipalities file. */
  static final String MUNICIPALITIES_PROPERTY = "hamal.geo.municipalities";
  /** Next to the repository, never inside it: 8 MB of benchmark data. */
  static final String MUNICIPALITIES_RELATIVE = "../shared/data/bench/israel-municipalities.geojson";

  private SampleLayers() {}

  /**
   * The municipalities file: the system property if set, else {@value #MUNICIPALITIES_RELATIVE}
   * relative to the working directory or any directory above it (the repository root).
   */
  static Optional<Path> municipalitiesFile() {
    String configured = System.getProperty(MUNICIPALITIES_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path p = Paths.get(configured);
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve(MUNICIPALITIES_RELATIVE).normalize();
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Every polygonal feature of a GeoJSON file as a district named {@code m<n>}, without
   * validation: the municipalities file has no ids and its polygons overlap a little, which the
   * loader rightly rejects, yet it is the realistic national-scale input for the index.
   */
  static List<District> readUnvalidated(Path file) throws IOException {
    GeometryFactory factory = new GeometryFactory();
    List<District> out = new ArrayList<>();
    JSONArray features = (JSONArray) parse(file).get("features");
    for (int i = 0; i < features.size(); i++) {
      JSONObject geometry = (JSONObject) ((JSONObject) features.get(i)).get("geometry");
      try {
        Geometry g = new GeoJsonReader(factory).read(geometry.toJSONString());
        out.add(new District("m" + i, null, null, "municipality", null, g));
      } catch (org.locationtech.jts.io.ParseException e) {
        throw new IOException("cannot read feature " + i + " of " + file, e);
      }
    }
    return out;
  }

  private static JSONObject parse(Path file) throws IOException {
    try {
      return (JSONObject)
          new JSONParser().parse(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (org.json.simple.parser.ParseException e) {
      throw new IOException("cannot read " + file, e);
    }
  }

  /**
   * A {@code nx} by {@code ny} grid of quadrilaterals over a city-sized area near Ashkelon whose
   * inner vertices are jittered: neighbours share their borders vertex for vertex. Every third
   * row of vertices is left unjittered in latitude, for horizontal edges; the first and third
   * cells of the first row are one MultiPolygon; and a zone with a hole comes first in layer
   * order and overlaps some cells. Together they exercise the rarer paths of an index.
   */
  static List<District> jitteredGrid(int nx, int ny, long seed) {
    Random random = new Random(seed);
    double lon0 = 34.50;
    double lat0 = 31.60;
    double step = 0.01;
    Coordinate[][] v = new Coordinate[nx + 1][ny + 1];
    for (int i = 0; i <= nx; i++) {
      for (int j = 0; j <= ny; j++) {
        boolean inner = i > 0 && i < nx && j > 0 && j < ny;
        double jx = inner ? (random.nextDouble() - 0.5) * 0.6 * step : 0;
        double jy = inner && j % 3 != 0 ? (random.nextDouble() - 0.5) * 0.6 * step : 0;
        v[i][j] = new Coordinate(round(lon0 + i * step + jx), round(lat0 + j * step + jy));
      }
    }
    GeometryFactory f = new GeometryFactory();
    List<District> out = new ArrayList<>();
    // First in layer order, so it wins where it overlaps the cells: a zone with a hole.
    out.add(
        new District(
            "zone", null, null, "industrial-zone", null,
            f.createPolygon(
                f.createLinearRing(box(lon0 + 2.5 * step, lat0 + 2.5 * step, 4 * step, 3 * step)),
                new org.locationtech.jts.geom.LinearRing[] {
                  f.createLinearRing(box(lon0 + 3.5 * step, lat0 + 3.5 * step, step, step))
                })));
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        Polygon cell =
            f.createPolygon(
                new Coordinate[] {v[i][j], v[i + 1][j], v[i + 1][j + 1], v[i][j + 1], v[i][j]});
        if (i == 2 && j == 0) {
          // Cells (0,0) and (2,0) do not touch: together they are a valid MultiPolygon.
          Polygon first = (Polygon) out.get(1).geometry();
          out.set(1, district("g0", f.createMultiPolygon(new Polygon[] {first, cell})));
        } else {
          out.add(district("g" + (out.size() - 1), cell));
        }
      }
    }
    return out;
  }

  private static District district(String id, Geometry geometry) {
    return new District(id, null, null, District.SERVICE_DISTRICT, null, geometry);
  }

  private static Coordinate[] box(double x, double y, double w, double h) {
    return new Coordinate[] {
      new Coordinate(round(x), round(y)),
      new Coordinate(round(x + w), round(y)),
      new Coordinate(round(x + w), round(y + h)),
      new Coordinate(round(x), round(y + h)),
      new Coordinate(round(x), round(y))
    };
  }

  /** Six decimals, as the real layers are rounded. */
  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
