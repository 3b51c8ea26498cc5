package org.hamal.geo.places;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import org.hamal.geo.LayerException;
import org.hamal.geo.LayerProblem;
import org.junit.jupiter.api.Test;

class PlaceFileTest {

  @Test
  void readsPointsAndStreetsWithTheirRanges() throws Exception {
    PlaceFile file = PlaceFile.load(StreetFiles.bytes(StreetFiles.SMALL), "test", null);
    assertThat(file.name()).isEqualTo("ashkelon-streets-test");
    assertThat(file.version()).hasSize(12);
    assertThat(file.places()).hasSize(6);
    Place herzl = file.places().get(0);
    assertThat(herzl.kind()).isEqualTo(Place.Kind.STREET);
    assertThat(herzl.houses()).isEqualTo(new Place.HouseRange(1, 101));
    assertThat(file.places().get(2).houses()).isNull();
    assertThat(file.places().get(3).kind()).isEqualTo(Place.Kind.POINT);
  }

  @Test
  void everyProblemIsListedWithItsFeature() {
    String bad = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"id":"a","name_he":"א"},"geometry":{"type":"Point","coordinates":[34.57,31.66]}},
         {"type":"Feature","properties":{"id":"a","name_he":"ב"},"geometry":{"type":"Point","coordinates":[34.57,31.66]}},
         {"type":"Feature","properties":{"id":"nameless","name_he":" ׳ "},"geometry":{"type":"Point","coordinates":[34.57,31.66]}},
         {"type":"Feature","properties":{"id":"area","name_he":"ג"},"geometry":{"type":"Polygon","coordinates":[[[34.5,31.6],[34.6,31.6],[34.6,31.7],[34.5,31.6]]]}},
         {"type":"Feature","properties":{"id":"kind","kind":"street","name_he":"ד"},"geometry":{"type":"Point","coordinates":[34.57,31.66]}},
         {"type":"Feature","properties":{"id":"odd","kind":"river","name_he":"ה"},"geometry":{"type":"Point","coordinates":[34.57,31.66]}},
         {"type":"Feature","properties":{"id":"range","name_he":"ו","house_from":1},"geometry":{"type":"LineString","coordinates":[[34.57,31.66],[34.58,31.66]]}},
         {"type":"Feature","properties":{"id":"half","name_he":"ז","house_from":1.5,"house_to":9},"geometry":{"type":"LineString","coordinates":[[34.57,31.66],[34.58,31.66]]}},
         {"type":"Feature","properties":{"id":"metres","name_he":"ח"},"geometry":{"type":"Point","coordinates":[170000,620000]}},
         {"type":"Feature","properties":{"name_he":"ט"}},
         "not a feature"
        ]}""";
    assertThat(rejected(bad, null))
        .extracting(p -> p.feature() + " " + p.code())
        .containsExactly(
            "a duplicate_id",
            "nameless missing_name",
            "area unsupported_geometry",
            "kind kind_mismatch",
            "odd unknown_kind",
            "range invalid_house_range",
            "half invalid_house_range",
            "metres coordinates_out_of_range",
            "#9 missing_geometry",
            "#10 not_a_feature");
  }

  @Test
  void wholeFileProblems() {
    assertThat(rejected("{\"type\":\"FeatureCollection\",\"features\":[]}", null))
        .extracting(LayerProblem::code).containsExactly("empty_file");
    assertThat(rejected("[1,2", null)).extracting(LayerProblem::code).containsExactly("malformed_json");
    assertThat(rejected("{\"type\":\"Feature\"}", null))
        .extracting(LayerProblem::code).containsExactly("not_a_feature_collection");
    assertThat(rejected(StreetFiles.SMALL, "EPSG:3857"))
        .extracting(LayerProblem::code).containsExactly("unsupported_crs");
  }

  /** The problems the file was rejected for; fails if it loaded. */
  private static java.util.List<LayerProblem> rejected(String json, String crs) {
    LayerException e = catchThrowableOfType(LayerException.class, () -> PlaceFile.load(StreetFiles.bytes(json), "t", crs));
    assertThat(e).as("the file should have been rejected").isNotNull();
    return e.problems();
  }

  @Test
  void aFileInTheIsraeliGridIsConvertedToWgs84() throws Exception {
    // ITM 200000 E / 656000 N = 31.99702701 N, 34.9986170 E (docs/geo-index.md).
    String itm = """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2039"}},"features":[
         {"type":"Feature","properties":{"name_en":"Grid point"},"geometry":{"type":"Point","coordinates":[200000,656000]}}]}""";
    Place p = PlaceFile.load(StreetFiles.bytes(itm), "t", null).places().get(0);
    assertThat(p.id()).isEqualTo("#0");
    assertThat(p.position(null).lat()).isCloseTo(31.99702701, within(1e-6));
    assertThat(p.position(null).lon()).isCloseTo(34.9986170, within(1e-6));
  }
}
