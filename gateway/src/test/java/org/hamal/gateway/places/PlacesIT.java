package org.hamal.gateway.places;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The place search over HTTP: the districts of the layer in force out of the box; a street file uploaded by an
 * admin — validated, activated on every node, searched in Hebrew and English with house numbers,
 * kept across a full restart; a bad file rejected with nothing changed.
 */
class PlacesIT {

  /**
   * Herzl runs 1 km east along latitude 31.668 in Barnea, houses 1 to 101; Jabotinsky has no
   * house numbers; the mall is a point.
   */
  static final String STREETS = """
      {"type":"FeatureCollection","name":"ashkelon-streets-it","features":[
       {"type":"Feature","properties":{"id":"herzl","name_he":"הרצל","name_en":"Herzl Street","house_from":1,"house_to":101},
        "geometry":{"type":"LineString","coordinates":[[34.570,31.668],[34.5805,31.668]]}},
       {"type":"Feature","properties":{"id":"jabotinsky","name_he":"ז׳בוטינסקי","name_en":"Jabotinsky"},
        "geometry":{"type":"LineString","coordinates":[[34.575,31.670],[34.575,31.680]]}},
       {"type":"Feature","properties":{"id":"mall","name_he":"קניון חוצות אשקלון","name_en":"Hutzot Ashkelon Mall"},
        "geometry":{"type":"Point","coordinates":[34.5712,31.6688]}}]}""";

  @TempDir Path data;

  @Test
  void theDistrictsAreThereOutOfTheBoxAndTheQueryIsChecked() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      String token = node.token(Role.INTAKE);
      JsonObject barnea = places(node, "ברנ", token).getJsonObject(0);
      assertThat(barnea.getString("id")).isEqualTo("barnea");
      assertThat(barnea.getString("kind")).isEqualTo("district");
      assertThat(barnea.getString("district")).isEqualTo("barnea");
      assertThat(barnea.getString("name_en")).isEqualTo("Barnea");
      assertThat(places(node, "shimshon", token).getJsonObject(0).getString("id")).isEqualTo("shimshon");

      JsonObject file = new JsonObject(node.get("/api/v1/places/file", token).body());
      assertThat(file.getString("version")).isEqualTo(PlacesService.NO_FILE);
      assertThat(file.getInteger("districts")).isEqualTo(11);

      assertThat(node.get("/api/v1/places?q=x", null).statusCode()).isEqualTo(401);
      assertError(node.get("/api/v1/places", token), 400, "missing_parameter", "q");
      assertError(node.get("/api/v1/places?q=%20", token), 400, "missing_parameter", "q");
      assertError(node.get("/api/v1/places?q=a&limit=x", token), 400, "malformed_parameter", "limit");
      assertError(node.get("/api/v1/places?q=a&limit=51", token), 422, "out_of_range", "limit");
      assertError(node.get("/api/v1/places?q=" + "a".repeat(201), token), 422, "too_long", "q");
      assertThat(places(node, "zzzz", token)).isEmpty();

      // Another layer: its districts are suggested from then on.
      String renamed = bundledLayer().replace("\"name_en\":\"Shimshon\"", "\"name_en\":\"Samson\"");
      HttpResponse<String> put = node.send("PUT", "/api/v1/layer", node.adminToken(), renamed);
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      JsonArray samson = Eventually.until(() -> places(node, "samson", token), found -> !found.isEmpty(), Duration.ofSeconds(30));
      assertThat(samson.getJsonObject(0).getString("id")).isEqualTo("shimshon");
      assertThat(places(node, "shimshon", token)).isEmpty();
    }
  }

  private static String bundledLayer() throws Exception {
    try (var in = org.hamal.geo.LayerLoader.class.getClassLoader()
        .getResourceAsStream(org.hamal.geo.LayerLoader.BUNDLED_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anUploadedStreetFileIsSearchedOnEveryNodeAndOutlivesARestart() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    String version;
    try (RunningNode a = RunningNode.start(data, cluster);
        RunningNode b = RunningNode.start(data, cluster)) {
      assertThat(a.send("PUT", "/api/v1/places", a.token(Role.SUPERVISOR), STREETS).statusCode()).isEqualTo(403);
      HttpResponse<String> put = a.send("PUT", "/api/v1/places", a.adminToken(), STREETS);
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      JsonObject answer = new JsonObject(put.body());
      version = answer.getString("version");
      assertThat(version).hasSize(12);
      assertThat(answer.getString("name")).isEqualTo("ashkelon-streets-it");
      assertThat(answer.getInteger("streets")).isEqualTo(2);
      assertThat(answer.getInteger("points")).isEqualTo(1);

      String token = a.token(Role.OPERATOR);
      // A house number on the street: halfway along it for 51 of 1-101.
      JsonObject herzl = places(a, "הרצל 51", token).getJsonObject(0);
      assertThat(herzl.getString("id")).isEqualTo("herzl");
      assertThat(herzl.getString("kind")).isEqualTo("street");
      assertThat(herzl.getInteger("houseNumber")).isEqualTo(51);
      assertThat(herzl.getBoolean("interpolated")).isTrue();
      assertThat(herzl.getDouble("lon")).isCloseTo(34.57525, within(1e-6));
      assertThat(herzl.getDouble("lat")).isCloseTo(31.668, within(1e-6));
      assertThat(herzl.getString("district")).isNotNull().isEqualTo(
          new JsonObject(a.get("/api/v1/districts/locate?lon=34.57525&lat=31.668", null).body()).getString("district"));
      assertThat(herzl.getInteger("score")).isEqualTo(3);
      // English, any word order, no range: the street's middle.
      assertThat(places(a, "street herz", token).getJsonObject(0).getString("id")).isEqualTo("herzl");
      JsonObject jabotinsky = places(a, "jabotinsky 12", token).getJsonObject(0);
      assertThat(jabotinsky.getBoolean("interpolated")).isFalse();
      assertThat(jabotinsky.getDouble("lat")).isCloseTo(31.675, within(1e-6));
      assertThat(places(a, "ז'בוטינ", token).getJsonObject(0).getString("id")).isEqualTo("jabotinsky");
      assertThat(places(a, "חוצות קניון", token).getJsonObject(0).getString("id")).isEqualTo("mall");
      assertThat(places(a, "a", token, 2)).hasSize(2); // Afridar, Agamim, Ashkelon...

      // B hears of the activation and suggests from the same file.
      String onB = b.token(Role.DISPLAY);
      JsonArray fromB = Eventually.until(() -> places(b, "Hutzot", onB), found -> !found.isEmpty(), Duration.ofSeconds(30));
      assertThat(fromB.getJsonObject(0).getString("id")).isEqualTo("mall");
      JsonObject file = Eventually.until(
          () -> new JsonObject(b.get("/api/v1/places/file", onB).body()),
          f -> f.getJsonObject("nodes").size() == 2 && f.getJsonObject("nodes").stream().allMatch(e -> version.equals(e.getValue())),
          Duration.ofSeconds(30));
      assertThat(file.getString("version")).isEqualTo(version);
      assertThat(file.getJsonObject("nodes").getMap()).as(file.encode()).hasSize(2).allSatisfy((n, v) -> assertThat(v).isEqualTo(version));
    }
    // Every member gone; a new cluster on the same store suggests from the activated file.
    try (RunningNode c = RunningNode.start(data, TestClusters.random())) {
      String token = c.token(Role.INTAKE);
      assertThat(new JsonObject(c.get("/api/v1/places/file", token).body()).getString("version")).isEqualTo(version);
      assertThat(places(c, "herzl 51", token).getJsonObject(0).getBoolean("interpolated")).isTrue();
      assertThat(places(c, "barnea", token).getJsonObject(0).getString("kind")).isEqualTo("district");
    }
  }

  @Test
  void aBadFileIsRefusedWithEveryProblemAndChangesNothing() throws Exception {
    String bad = STREETS
        .replace("\"house_from\":1,", "\"house_from\":\"one\",")
        .replace("\"id\":\"jabotinsky\",\"name_he\":\"ז׳בוטינסקי\",\"name_en\":\"Jabotinsky\"", "\"id\":\"jabotinsky\"");
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      HttpResponse<String> refused = node.send("PUT", "/api/v1/places", node.adminToken(), bad);
      assertError(refused, 422, "invalid_places", "features");
      JsonArray problems = new JsonObject(refused.body()).getJsonObject("error").getJsonArray("problems");
      assertThat(problems.stream().map(p -> ((JsonObject) p).getString("feature") + " " + ((JsonObject) p).getString("code")))
          .containsExactly("herzl invalid_house_range", "jabotinsky missing_name");
      assertError(node.send("PUT", "/api/v1/places?crs=EPSG:3857", node.adminToken(), STREETS), 422, "unsupported_crs", "crs");
      assertError(node.send("PUT", "/api/v1/places", node.adminToken(), "{\"type\":"), 422, "invalid_places", "features");
      assertError(node.send("PUT", "/api/v1/places", node.adminToken(), null), 400, "missing_body", null);

      String token = node.token(Role.OPERATOR);
      assertThat(new JsonObject(node.get("/api/v1/places/file", token).body()).getString("version")).isEqualTo(PlacesService.NO_FILE);
      assertThat(places(node, "herzl", token)).isEmpty();
      // After a restart too, nothing was kept.
    }
    try (RunningNode again = RunningNode.start(data, TestClusters.random())) {
      assertThat(places(again, "herzl", again.token(Role.OPERATOR))).isEmpty();
    }
  }

  private static JsonArray places(RunningNode node, String q, String token) throws Exception {
    return places(node, q, token, 10);
  }

  private static JsonArray places(RunningNode node, String q, String token, int limit) throws Exception {
    HttpResponse<String> r = node.get(
        "/api/v1/places?limit=" + limit + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("places");
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("field")).isEqualTo(field);
  }
}
