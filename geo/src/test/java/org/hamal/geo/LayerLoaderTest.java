package org.hamal.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Point;

class LayerLoaderTest {

  private final LayerLoader loader = new LayerLoader(LayerOptions.defaults());

  @Test
  void bundledLayerHasNineServiceDistrictsAndTwoZones() throws Exception {
    Layer layer = loader.loadBundled();

    assertThat(layer.districts()).hasSize(11);
    assertThat(layer.districts().stream().filter(District::isServiceDistrict)).hasSize(9);
    assertThat(layer.district("shimshon").orElseThrow().geometry().getGeometryType())
        .isEqualTo("MultiPolygon");
    assertThat(layer.district("shimshon").orElseThrow().nameHe()).isEqualTo("שמשון");
    assertThat(layer.district("industrial-north").orElseThrow().kind())
        .isEqualTo("industrial-zone");
    assertThat(layer.version()).hasSize(12);
  }

  @Test
  void everyDistrictContainsItsOwnInteriorPoint() throws Exception {
    Layer layer = loader.loadBundled();
    for (District d : layer.districts()) {
      Point p = d.geometry().getInteriorPoint();
      Location location = layer.locate(p.getX(), p.getY());
      assertThat(location.district()).as(d.id()).isEqualTo(d);
      assertThat(location.snapped()).isFalse();
    }
  }

  @Test
  void farPointIsOutsideTheServiceArea() throws Exception {
    Layer layer = loader.loadBundled();
    // Tel Aviv is ~50 km north.
    assertThat(layer.locate(34.78, 32.08)).isEqualTo(Location.OUTSIDE);
  }

  @Test
  void pointJustOffTheCityLineSnapsToTheNearestDistrict() throws Exception {
    Layer layer = loader.loadBundled();
    District afridar = layer.district("afridar").orElseThrow();
    // A vertex of Afridar on the sea shore, moved ~100 m west (out to sea).
    double lon = 34.543666 - 100 / Geodesy.metersPerDegreeLon(31.671384);
    double lat = 31.671384;
    assertThat(afridar.geometry().getFactory().createPoint(
            new org.locationtech.jts.geom.Coordinate(lon, lat)).within(afridar.geometry()))
        .isFalse();

    Location location = layer.locate(lon, lat);

    assertThat(location.snapped()).isTrue();
    assertThat(location.district()).isNotNull();
    assertThat(location.distanceMeters()).isBetween(1.0, 150.0);
  }

  @Test
  void sameContentHasSameVersion() throws Exception {
    byte[] json = featureCollection(square("a", 0, 0)).getBytes(StandardCharsets.UTF_8);
    assertThat(loader.load(json, "one").version()).isEqualTo(loader.load(json, "two").version());
  }

  @Test
  void rejectsEveryProblemAtOnceNamingTheFeature() {
    String bowtie =
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"bowtie\"},\"geometry\":{\"type\":\"Polygon\","
            + "\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}";
    String line =
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"road\"},\"geometry\":{\"type\":\"LineString\","
            + "\"coordinates\":[[0,0],[1,1]]}}";
    String noId =
        "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
            + "\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}";
    String json =
        featureCollection(square("a", 0, 0), square("a", 5, 5), bowtie, line, noId);

    assertThatThrownBy(() -> loader.load(json.getBytes(StandardCharsets.UTF_8), "bad.geojson"))
        .isInstanceOfSatisfying(
            LayerException.class,
            e ->
                assertThat(e.problems())
                    .extracting(LayerProblem::feature, LayerProblem::code)
                    .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", "duplicate_id"),
                        org.assertj.core.groups.Tuple.tuple("bowtie", "invalid_geometry"),
                        org.assertj.core.groups.Tuple.tuple("road", "not_polygonal"),
                        org.assertj.core.groups.Tuple.tuple("#4", "missing_id")));
  }

  @Test
  void rejectsMalformedJson() {
    assertThatThrownBy(() -> loader.load("{\"type\":".getBytes(StandardCharsets.UTF_8), "x"))
        .isInstanceOfSatisfying(
            LayerException.class,
            e -> assertThat(e.problems()).extracting(LayerProblem::code).containsExactly("malformed_json"));
  }

  @Test
  void writesGeoJsonWithTheDistrictProperties() throws Exception {
    Layer layer = loader.loadBundled();
    String json = LayerGeoJson.featureCollection(layer);
    Layer reread = loader.load(json.getBytes(StandardCharsets.UTF_8), "round-trip");
    assertThat(reread.districts())
        .extracting(District::id, District::nameHe, District::nameEn, District::kind)
        .containsExactlyElementsOf(
            layer.districts().stream()
                .map(d -> org.assertj.core.groups.Tuple.tuple(d.id(), d.nameHe(), d.nameEn(), d.kind()))
                .toList());
  }

  @Test
  void labelPointsLieInsideTheLargestPartOfEachDistrict() throws Exception {
    Layer layer = loader.loadBundled();
    for (District d : layer.districts()) {
      Point label = LayerGeoJson.labelPoint(d.geometry());
      assertThat(d.geometry().contains(label)).as(d.id()).isTrue();
      assertThat(layer.locate(label.getX(), label.getY()).district()).as(d.id()).isEqualTo(d);
    }
  }

  static String square(String id, double x, double y) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"%s\"},\"geometry\":{\"type\":\"Polygon\","
            + "\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}}",
        id, x, y, x + 1, y, x + 1, y + 1, x, y + 1, x, y);
  }

  static String featureCollection(String... features) {
    return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", List.of(features)) + "]}";
  }
}
