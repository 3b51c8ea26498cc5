package org.hamal.gateway.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.EndToEndIT;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.hamal.geo.LayerLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The district layer over HTTP: locating a point, and replacing the layer while the cluster runs
 * — validated, activated on every node, kept across a full restart, a bad one rejected.
 */
class LayerIT {

  /** A point well inside Shimshon, one on the beach west of it, and one out at sea. */
  static final String IN_SHIMSHON = "lon=34.545&lat=31.655";
  static final String ON_THE_BEACH = "lon=34.5274&lat=31.652";
  static final String AT_SEA = "lon=34.45&lat=31.66";

  @TempDir Path data;

  @Test
  void locateAnswersTheDistrictSnappedOrNone() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      JsonObject inside = locate(node, IN_SHIMSHON);
      assertThat(inside.getString("district")).isEqualTo("shimshon");
      assertThat(inside.getBoolean("snapped")).isFalse();
      assertThat(inside.getDouble("distanceM")).isZero();
      assertThat(inside.getString("layer")).isNotBlank();

      JsonObject beach = locate(node, ON_THE_BEACH);
      assertThat(beach.getString("district")).isEqualTo("shimshon");
      assertThat(beach.getBoolean("snapped")).isTrue();
      assertThat(beach.getDouble("distanceM")).isBetween(1.0, 150.0);

      JsonObject sea = locate(node, AT_SEA);
      assertThat(sea.getValue("district")).isNull();
      assertThat(sea.getBoolean("snapped")).isFalse();

      // A map's viewport around Barnea gets Barnea and its neighbours, not the far south.
      JsonObject viewport = new JsonObject(node.get("/api/v1/districts?bbox=34.570,31.685,34.575,31.690", null).body());
      assertThat(viewport.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")))
          .contains("barnea").doesNotContain("shimshon", "industrial-south");
      assertError(node.get("/api/v1/districts?bbox=34.5,31.6,34.6", null), 400, "malformed_parameter", "bbox");
      assertError(node.get("/api/v1/districts?bbox=34.6,31.6,34.5,31.7", null), 422, "out_of_range", "bbox");

      assertError(node.get("/api/v1/districts/locate?lon=34.5", null), 400, "missing_parameter", "lat");
      assertError(node.get("/api/v1/districts/locate?lon=abc&lat=31.6", null), 400, "malformed_parameter", "lon");
      assertError(node.get("/api/v1/districts/locate?lon=34.5&lat=95", null), 422, "out_of_range", "lat");
      // A point pasted from a municipal map in the Israeli TM Grid: located, and answered in WGS84.
      JsonObject grid = locate(node, "x=156903.67&y=618244.78&crs=EPSG:2039");
      assertThat(grid.getString("district")).isEqualTo("shimshon");
      assertThat(grid.getDouble("lon")).isCloseTo(34.545, org.assertj.core.api.Assertions.within(1e-5));
      assertThat(grid.getDouble("lat")).isCloseTo(31.655, org.assertj.core.api.Assertions.within(1e-5));
      assertError(node.get("/api/v1/districts/locate?x=156903&y=618244&crs=EPSG:3857", null), 422, "unsupported_crs", "crs");
      assertError(node.get("/api/v1/districts/locate?x=156903&crs=EPSG:2039", null), 400, "missing_parameter", "y");
    }
  }

  @Test
  void aNewLayerIsActivatedOnEveryNodeAndABadOneChangesNothing() throws Exception {
    String renamed = bundled().replace("\"id\":\"shimshon\"", "\"id\":\"shimshon-2026\"");
    String duplicate = bundled().replace("\"id\":\"afridar\"", "\"id\":\"shimshon\"");
    ClusterOptions cluster = TestClusters.random();
    String before;
    try (RunningNode a = RunningNode.start(data, cluster);
        RunningNode b = RunningNode.start(data, cluster)) {
      before = version(b);

      HttpResponse<String> bad = a.send("PUT", "/api/v1/layer", a.adminToken(), duplicate);
      assertError(bad, 422, "invalid_layer", "features");
      JsonObject problem = new JsonObject(bad.body()).getJsonObject("error").getJsonArray("problems").getJsonObject(0);
      assertThat(problem.getString("code")).isEqualTo("duplicate_id");
      assertThat(problem.getString("feature")).isEqualTo("shimshon");
      assertThat(version(a)).isEqualTo(before);
      assertThat(a.send("PUT", "/api/v1/layer", a.token(Role.SUPERVISOR), renamed).statusCode()).isEqualTo(403);
      assertError(a.send("PUT", "/api/v1/layer?crs=EPSG:3857", a.adminToken(), renamed), 422, "unsupported_crs", "crs");

      try (LiveClient screenOnB = LiveClient.connect(b.liveUri(), b.token(Role.DISPLAY))) {
        screenOnB.next("hello", 30);
        HttpResponse<String> good = a.send("PUT", "/api/v1/layer", a.adminToken(), renamed);
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        String after = new JsonObject(good.body()).getString("version");
        assertThat(after).isNotEqualTo(before);

        // B announces the new layer to its screens once it routes with it.
        assertThat(screenOnB.next(m -> "layer".equals(m.getString("type")) && after.equals(m.getString("version")), 30))
            .isNotNull();
        JsonObject onB = new JsonObject(b.get("/api/v1/layer", b.token(Role.DISPLAY)).body());
        assertThat(onB.getString("version")).isEqualTo(after);
        assertThat(onB.getJsonObject("nodes").getMap()).as(onB.encode()).hasSize(2).allSatisfy((node, v) -> assertThat(v).isEqualTo(after));
        assertThat(locate(b, IN_SHIMSHON).getString("district")).isEqualTo("shimshon-2026");
        JsonObject report = b.report(EndToEndIT.REPORT.replace("34.5712", "34.545").replace("31.6688", "31.655"));
        assertThat(report.getString("district")).isEqualTo("shimshon-2026");
        assertThat(b.get("/api/v1/districts", null).body()).contains("shimshon-2026");
      }
    }
    // Every member gone; a new cluster on the same store routes with the activated layer.
    try (RunningNode c = RunningNode.start(data, TestClusters.random())) {
      assertThat(locate(c, IN_SHIMSHON).getString("district")).isEqualTo("shimshon-2026");
    }
  }

  @Test
  void aLayerInDegreesDeclaredInTheGridIsRefusedUnlessConfirmed() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      node.report("{\"category\":\"hazard\",\"description\":\"x\",\"location\":{\"lon\":34.5712,\"lat\":31.6688}}");
      String before = version(node);
      // Degrees read as metres of the Israeli grid: a speck of a layer off Africa. It validates.
      HttpResponse<String> refused = node.send("PUT", "/api/v1/layer?crs=EPSG:2039", node.adminToken(), bundled());
      assertError(refused, 422, "implausible_layer", "features");
      JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
      assertThat(error.getDouble("coveredShare")).isZero();
      assertThat(error.getInteger("openReportsOutside")).isEqualTo(error.getInteger("openReports")).isPositive();
      assertThat(version(node)).as("nothing changed").isEqualTo(before);
      assertThat(node.report("{\"category\":\"hazard\",\"description\":\"y\",\"location\":{\"lon\":34.5712,\"lat\":31.6688}}")
          .getString("district")).isNotNull();

      HttpResponse<String> confirmed = node.send("PUT", "/api/v1/layer?crs=EPSG:2039&confirm=true", node.adminToken(), bundled());
      assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
      // What the check kept from happening: the city is outside the service area.
      EndToEndIT.assertError(node.post("/api/v1/reports", node.adminToken(),
          "{\"category\":\"hazard\",\"description\":\"z\",\"location\":{\"lon\":34.5712,\"lat\":31.6688}}"),
          422, "outside_service_area");
    }
  }

  @Test
  void aLayerInTheIsraeliGridIsTransformedAndRoutesTheSame() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      JsonObject layer = new JsonObject(bundled());
      var crs = new org.locationtech.proj4j.CRSFactory();
      var toItm = new org.locationtech.proj4j.CoordinateTransformFactory()
          .createTransform(crs.createFromName("EPSG:4326"), crs.createFromName("EPSG:2039"));
      for (Object f : layer.getJsonArray("features")) {
        toGrid(((JsonObject) f).getJsonObject("geometry").getJsonArray("coordinates"), toItm);
      }
      HttpResponse<String> put = node.send("PUT", "/api/v1/layer?crs=EPSG:2039", node.adminToken(), layer.encode());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      JsonObject answer = new JsonObject(put.body());
      assertThat(answer.getInteger("districts")).isEqualTo(11);
      assertThat(answer.getJsonArray("warnings").encode()).contains("\"code\":\"gap\"");
      assertThat(version(node)).isEqualTo(answer.getString("version"));

      assertThat(locate(node, IN_SHIMSHON).getString("district")).isEqualTo("shimshon");
      assertThat(locate(node, ON_THE_BEACH).getBoolean("snapped")).isTrue();
      assertThat(locate(node, AT_SEA).getValue("district")).isNull();
      // Grid coordinates read as degrees would be nowhere: the same file without the CRS fails.
      HttpResponse<String> undeclared = node.send("PUT", "/api/v1/layer", node.adminToken(), layer.encode());
      assertThat(undeclared.statusCode()).as(undeclared.body()).isEqualTo(422);
    }
  }

  /** Rewrites nested GeoJSON coordinate arrays from WGS84 to the Israeli TM Grid in place. */
  private static void toGrid(io.vertx.core.json.JsonArray coordinates, org.locationtech.proj4j.CoordinateTransform t) {
    if (coordinates.getValue(0) instanceof Number) {
      var out = new org.locationtech.proj4j.ProjCoordinate();
      t.transform(new org.locationtech.proj4j.ProjCoordinate(coordinates.getDouble(0), coordinates.getDouble(1)), out);
      coordinates.set(0, Math.round(out.x * 1000) / 1000.0);
      coordinates.set(1, Math.round(out.y * 1000) / 1000.0);
      return;
    }
    for (Object inner : coordinates) {
      toGrid((io.vertx.core.json.JsonArray) inner, t);
    }
  }

  private static JsonObject locate(RunningNode node, String query) throws Exception {
    HttpResponse<String> r = node.get("/api/v1/districts/locate?" + query, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static String version(RunningNode node) throws Exception {
    return new JsonObject(node.get("/api/v1/layer", node.adminToken()).body()).getString("version");
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("field")).isEqualTo(field);
  }

  private static String bundled() throws Exception {
    try (InputStream in = LayerLoader.class.getClassLoader().getResourceAsStream(LayerLoader.BUNDLED_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
