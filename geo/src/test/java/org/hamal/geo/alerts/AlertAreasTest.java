package org.hamal.geo.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.hamal.geo.Layer;
import org.hamal.geo.LayerException;
import org.hamal.geo.LayerLoader;
import org.hamal.geo.LayerOptions;
import org.hamal.geo.LayerProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertAreasTest {

  private static Layer layer;
  private static AlertAreas areas;

  @BeforeAll
  static void load() throws Exception {
    layer = new LayerLoader(LayerOptions.defaults()).loadBundled();
    areas = AlertAreas.of(AlertAreaFile.ashkelon(), layer);
  }

  @Test
  void theBundledFileHasAshkelonsFourAreasWithThirtySeconds() {
    assertThat(areas.areas()).extracting(AlertArea::id)
        .containsExactlyInAnyOrder("ashkelon-north", "ashkelon-south", "industrial-north", "industrial-south");
    assertThat(areas.areas()).allSatisfy(a -> assertThat(a.shelterSeconds()).isEqualTo(30));
    assertThat(areas.version()).hasSize(12);
  }

  @Test
  void findsAnAreaByIdOrEitherNameAsTheFeedSpellsIt() {
    assertThat(areas.find("ashkelon-south")).map(AlertArea::id).contains("ashkelon-south");
    assertThat(areas.find("אשקלון - דרום")).map(AlertArea::id).contains("ashkelon-south");
    assertThat(areas.find("ASHKELON  south")).map(AlertArea::id).contains("ashkelon-south");
    assertThat(areas.find("ashkelon-east")).isEmpty();
    assertThat(areas.find(null)).isEmpty();
  }

  @Test
  void aPointIsInTheAreaThatHoldsItAndInNoneOutsideTheCity() {
    // Every district's label point lies in some area: the four areas cover the city.
    layer.districts().forEach(d -> {
      var p = d.geometry().getInteriorPoint();
      assertThat(areas.covering(p.getX(), p.getY())).as(d.id()).isNotEmpty();
    });
    assertThat(areas.covering(34.80, 31.90)).isEmpty(); // Rehovot
  }

  @Test
  void eachAreaKnowsTheDistrictsItOverlaps() {
    assertThat(areas.districts("industrial-south")).contains("industrial-south");
    assertThat(areas.districts("industrial-north")).contains("industrial-north");
    // Between them the areas reach every district of the city.
    assertThat(areas.areas().stream().flatMap(a -> areas.districts(a.id()).stream()).distinct())
        .hasSameSizeAs(layer.districts());
    assertThat(areas.districts("nowhere")).isEmpty();
  }

  @Test
  void theFeatureCollectionCarriesEachAreaWithItsDistricts() throws Exception {
    var json = (org.json.simple.JSONObject) new org.json.simple.parser.JSONParser().parse(areas.featureCollection());
    assertThat(json.get("version")).isEqualTo(areas.version());
    assertThat(json.get("layerVersion")).isEqualTo(layer.version());
    var features = (org.json.simple.JSONArray) json.get("features");
    assertThat(features).hasSize(4);
    var south = (org.json.simple.JSONObject) features.stream()
        .filter(f -> "industrial-south".equals(((org.json.simple.JSONObject) f).get("id"))).findFirst().orElseThrow();
    var props = (org.json.simple.JSONObject) south.get("properties");
    assertThat(props.get("shelter_seconds")).isEqualTo(30L);
    assertThat(((java.util.List<?>) props.get("districts")).contains("industrial-south")).isTrue();
    assertThat(((org.json.simple.JSONObject) south.get("geometry")).get("type")).isIn("Polygon", "MultiPolygon");
  }

  @Test
  void everyProblemIsListedWithItsFeature() {
    String bad = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"id":"a","name_he":"א","shelter_seconds":30},"geometry":{"type":"Polygon","coordinates":[[[34.5,31.6],[34.6,31.6],[34.6,31.7],[34.5,31.6]]]}},
         {"type":"Feature","properties":{"id":"a","name_he":"ב","shelter_seconds":30},"geometry":{"type":"Polygon","coordinates":[[[34.5,31.6],[34.6,31.6],[34.6,31.7],[34.5,31.6]]]}},
         {"type":"Feature","properties":{"id":"Bad Id","name_he":"ג","shelter_seconds":30},"geometry":{"type":"Polygon","coordinates":[[[34.5,31.6],[34.6,31.6],[34.6,31.7],[34.5,31.6]]]}},
         {"type":"Feature","properties":{"id":"slow","name_he":"ד","shelter_seconds":900},"geometry":{"type":"Polygon","coordinates":[[[34.5,31.6],[34.6,31.6],[34.6,31.7],[34.5,31.6]]]}},
         {"type":"Feature","properties":{"id":"point","name_he":"ה","shelter_seconds":15},"geometry":{"type":"Point","coordinates":[34.57,31.66]}},
         {"type":"Feature","properties":{"id":"nameless","shelter_seconds":15},"geometry":{"type":"Polygon","coordinates":[[[34.5,31.6],[34.6,31.6],[34.6,31.7],[34.5,31.6]]]}},
         {"type":"Feature","properties":{"id":"bowtie","name_en":"Bow tie","shelter_seconds":15},"geometry":{"type":"Polygon","coordinates":[[[34.5,31.6],[34.6,31.7],[34.6,31.6],[34.5,31.7],[34.5,31.6]]]}},
         {"type":"Feature","properties":{"id":"twin","name_he":" א ","shelter_seconds":15},"geometry":{"type":"Polygon","coordinates":[[[34.5,31.6],[34.6,31.6],[34.6,31.7],[34.5,31.6]]]}}
        ]}""";
    LayerException e = catchThrowableOfType(LayerException.class,
        () -> AlertAreaFile.load(bad.getBytes(StandardCharsets.UTF_8), "test", null));
    assertThat(e.problems()).extracting(LayerProblem::feature, LayerProblem::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a", "duplicate_id"),
        org.assertj.core.groups.Tuple.tuple("Bad Id", "invalid_id"),
        org.assertj.core.groups.Tuple.tuple("slow", "invalid_shelter_seconds"),
        org.assertj.core.groups.Tuple.tuple("point", "unsupported_geometry"),
        org.assertj.core.groups.Tuple.tuple("nameless", "missing_name"),
        org.assertj.core.groups.Tuple.tuple("bowtie", "invalid_geometry"),
        org.assertj.core.groups.Tuple.tuple("twin", "duplicate_name"));
  }

  @Test
  void anIsraeliGridFileIsReadInItsCrs() throws Exception {
    // A square of 2 km in ITM around Ashkelon's centre (about 159,000 E / 619,000 N).
    String itm = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"id":"centre","name_en":"Centre","shelter_seconds":30},
          "geometry":{"type":"Polygon","coordinates":[[[158000,618000],[160000,618000],[160000,620000],[158000,620000],[158000,618000]]]}}]}""";
    AlertAreaFile file = AlertAreaFile.load(itm.getBytes(StandardCharsets.UTF_8), "test", "EPSG:2039");
    var env = file.areas().get(0).geometry().getEnvelopeInternal();
    assertThat(env.getMinX()).isBetween(34.4, 34.7);
    assertThat(env.getMinY()).isBetween(31.5, 31.8);
  }
}
