package org.hamal.gateway.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.ApiErrors.assertError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.hamal.geo.LayerLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert areas over HTTP: Ashkelon's four bundled out of the box with the districts each
 * overlaps; a city's file uploaded by an admin — validated, activated on every node, announced
 * live, kept across a full restart; a bad file refused with every problem and nothing changed.
 */
class AlertAreasIT {

  static final String BARNEA = """
      {"type":"Feature","properties":{"id":"barnea-test","name_he":"ברנע בדיקה","name_en":"Barnea Test","shelter_seconds":45},
       "geometry":{"type":"Polygon","coordinates":[[[34.565,31.683],[34.576,31.683],[34.576,31.692],[34.565,31.692],[34.565,31.683]]]}}""";
  static final String SHIMSHON = """
      {"type":"Feature","properties":{"id":"shimshon-test","name_he":"שמשון בדיקה","name_en":"Shimshon Test","shelter_seconds":30},
       "geometry":{"type":"Polygon","coordinates":[[[34.540,31.650],[34.550,31.650],[34.550,31.660],[34.540,31.660],[34.540,31.650]]]}}""";
  /** One area over Barnea (45 s), one over Shimshon. */
  static final String AREAS = areas(BARNEA, SHIMSHON);

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void theBundledAreasComeWithTheirDistrictsAndFollowTheLayer() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      HttpResponse<String> got = node.get("/api/v1/alert-areas", null);
      assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
      JsonObject areas = new JsonObject(got.body());
      assertThat(ids(areas)).containsExactlyInAnyOrder("ashkelon-north", "ashkelon-south", "industrial-north", "industrial-south");
      for (Object f : areas.getJsonArray("features")) {
        JsonObject props = ((JsonObject) f).getJsonObject("properties");
        assertThat(props.getInteger("shelter_seconds")).isEqualTo(30);
        assertThat(props.getJsonArray("districts")).as(props.encode()).isNotEmpty();
      }
      String version = areas.getString("version");
      String etag = got.headers().firstValue("ETag").orElseThrow();
      assertThat(etag).isEqualTo("\"" + version + "-" + areas.getString("layerVersion") + "\"");
      assertThat(revalidate(node, etag).statusCode()).isEqualTo(304);

      String token = node.token(Role.DISPLAY);
      JsonObject file = new JsonObject(node.get("/api/v1/alert-areas/file", token).body());
      assertThat(file.getString("version")).isEqualTo(version);
      assertThat(file.getInteger("areas")).isEqualTo(4);
      assertThat(file.getJsonObject("nodes").getMap()).hasSize(1).allSatisfy((n, v) -> assertThat(v).isEqualTo(version));
      assertThat(node.get("/api/v1/alert-areas/file", null).statusCode()).isEqualTo(401);

      // Another layer renames a district an area overlaps: the area lists the new id, and screens hear of it.
      String renamed = districts(areas).get("ashkelon-south").get(0);
      String layer = bundledLayer().replace("\"id\":\"" + renamed + "\"", "\"id\":\"" + renamed + "-2027\"");
      try (LiveClient screen = LiveClient.connect(node.liveUri(), token)) {
        screen.next("hello", 30);
        HttpResponse<String> put = node.send("PUT", "/api/v1/layer", node.adminToken(), layer);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String layerVersion = new JsonObject(put.body()).getString("version");
        JsonObject message = screen.next(
            m -> "alert-areas".equals(m.getString("type")) && layerVersion.equals(m.getString("layerVersion")), 30);
        assertThat(message).isNotNull();
        assertThat(message.getString("version")).isEqualTo(version);
      }
      HttpResponse<String> after = node.get("/api/v1/alert-areas", null);
      assertThat(districts(new JsonObject(after.body())).get("ashkelon-south")).contains(renamed + "-2027").doesNotContain(renamed);
      assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
      assertThat(revalidate(node, etag).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anUploadedFileIsUsedOnEveryNodeAndOutlivesARestart() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    String version;
    try (RunningNode a = RunningNode.start(data, cluster);
        RunningNode b = RunningNode.start(data, cluster)) {
      assertError(a.send("PUT", "/api/v1/alert-areas", a.token(Role.SUPERVISOR), AREAS), 403, "forbidden", null);
      String onB = b.token(Role.DISPLAY);
      try (LiveClient screenOnB = LiveClient.connect(b.liveUri(), onB)) {
        screenOnB.next("hello", 30);
        HttpResponse<String> put = a.send("PUT", "/api/v1/alert-areas", a.adminToken(), AREAS);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(put.body());
        version = answer.getString("version");
        assertThat(version).hasSize(12);
        assertThat(answer.getString("name")).isEqualTo("ashkelon-alert-areas-it");
        assertThat(answer.getInteger("areas")).isEqualTo(2);

        // B announces the new file to its screens once it uses it.
        JsonObject message = screenOnB.next(m -> "alert-areas".equals(m.getString("type")) && version.equals(m.getString("version")), 30);
        assertThat(message).isNotNull();
        assertThat(message.getString("layerVersion")).isNotBlank();
      }
      JsonObject fromB = new JsonObject(b.get("/api/v1/alert-areas", null).body());
      assertThat(fromB.getString("version")).isEqualTo(version);
      assertThat(districts(fromB)).containsOnlyKeys("barnea-test", "shimshon-test");
      assertThat(districts(fromB).get("barnea-test")).contains("barnea");
      assertThat(districts(fromB).get("shimshon-test")).contains("shimshon");
      JsonObject file = Eventually.until(
          () -> new JsonObject(b.get("/api/v1/alert-areas/file", onB).body()),
          f -> f.getJsonObject("nodes").size() == 2 && f.getJsonObject("nodes").stream().allMatch(e -> version.equals(e.getValue())),
          Duration.ofSeconds(30));
      assertThat(file.getString("name")).isEqualTo("ashkelon-alert-areas-it");
    }
    // Every member gone; a new cluster on the same store uses the activated file.
    try (RunningNode c = RunningNode.start(data, TestClusters.random())) {
      JsonObject areas = new JsonObject(c.get("/api/v1/alert-areas", null).body());
      assertThat(areas.getString("version")).isEqualTo(version);
      assertThat(ids(areas)).containsExactly("barnea-test", "shimshon-test");
    }
  }

  @Test
  void aBadFileIsRefusedWithEveryProblemAndChangesNothing() throws Exception {
    // Barnea twice; Shimshon with no name and too long to reach a shelter.
    String bad = areas(BARNEA, BARNEA, SHIMSHON.replace(
        "\"name_he\":\"שמשון בדיקה\",\"name_en\":\"Shimshon Test\",\"shelter_seconds\":30", "\"shelter_seconds\":900"));
    try (RunningNode node = RunningNode.start(data, TestClusters.random())) {
      String before = new JsonObject(node.get("/api/v1/alert-areas", null).body()).getString("version");
      HttpResponse<String> refused = node.send("PUT", "/api/v1/alert-areas", node.adminToken(), bad);
      assertError(refused, 422, "invalid_alert_areas", "features");
      JsonArray problems = new JsonObject(refused.body()).getJsonObject("error").getJsonArray("problems");
      assertThat(problems.stream().map(p -> ((JsonObject) p).getString("feature") + " " + ((JsonObject) p).getString("code")))
          .containsExactly("barnea-test duplicate_id", "shimshon-test missing_name", "shimshon-test invalid_shelter_seconds");
      assertError(node.send("PUT", "/api/v1/alert-areas?crs=EPSG:3857", node.adminToken(), AREAS), 422, "unsupported_crs", "crs");
      assertError(node.send("PUT", "/api/v1/alert-areas", node.adminToken(), "{\"type\":"), 422, "invalid_alert_areas", "features");
      assertError(node.send("PUT", "/api/v1/alert-areas", node.adminToken(), null), 400, "missing_body", null);

      assertThat(new JsonObject(node.get("/api/v1/alert-areas", null).body()).getString("version")).isEqualTo(before);
      assertThat(new JsonObject(node.get("/api/v1/alert-areas/file", node.token(Role.OPERATOR)).body()).getString("version"))
          .isEqualTo(before);
    }
    // Nothing was archived either: a full restart is back on the bundled file.
    try (RunningNode again = RunningNode.start(data, TestClusters.random())) {
      assertThat(ids(new JsonObject(again.get("/api/v1/alert-areas", null).body()))).hasSize(4).doesNotContain("barnea-test");
    }
  }

  private static String areas(String... features) {
    return "{\"type\":\"FeatureCollection\",\"name\":\"ashkelon-alert-areas-it\",\"features\":["
        + String.join(",", features) + "]}";
  }

  private static HttpResponse<String> revalidate(RunningNode node, String etag) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(node.uri("/api/v1/alert-areas")).header("If-None-Match", etag).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> ids(JsonObject areas) {
    return areas.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList();
  }

  /** Area id → the districts it overlaps. */
  private static Map<String, List<String>> districts(JsonObject areas) {
    return areas.getJsonArray("features").stream()
        .map(f -> ((JsonObject) f).getJsonObject("properties"))
        .collect(Collectors.toMap(
            p -> p.getString("id"),
            p -> p.getJsonArray("districts").stream().map(String::valueOf).toList()));
  }

  private static String bundledLayer() throws Exception {
    try (var in = LayerLoader.class.getClassLoader().getResourceAsStream(LayerLoader.BUNDLED_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
