package org.hamal.surge.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistrictMapTest {

  // A 0.01° square with a 0.004° square hole in the middle, and a plain square beside it.
  private static final String LAYER =
      """
      {"type":"FeatureCollection","features":[
       {"type":"Feature","id":"ring","properties":{"id":"ring","kind":"service-district"},
        "geometry":{"type":"Polygon","coordinates":[
          [[34.50,31.60],[34.51,31.60],[34.51,31.61],[34.50,31.61],[34.50,31.60]],
          [[34.503,31.603],[34.507,31.603],[34.507,31.607],[34.503,31.607],[34.503,31.603]]]}},
       {"type":"Feature","properties":{"id":"east","kind":"industrial-zone","label":[34.515,31.605]},
        "geometry":{"type":"MultiPolygon","coordinates":[[
          [[34.51,31.60],[34.52,31.60],[34.52,31.61],[34.51,31.61],[34.51,31.60]]]]}}]}
      """;

  @Test
  void locatesPointsAndRespectsHoles() {
    DistrictMap map = DistrictMap.fromGeoJson(LAYER);
    assertThat(map.locate(34.501, 31.601)).get().extracting(DistrictMap.District::id).isEqualTo("ring");
    assertThat(map.locate(34.505, 31.605)).isEmpty(); // in the hole
    assertThat(map.locate(34.515, 31.605)).get().extracting(DistrictMap.District::id).isEqualTo("east");
    assertThat(map.locate(34.60, 31.605)).isEmpty();
    assertThat(map.byId("east").orElseThrow().label()).containsExactly(34.515, 31.605);
  }

  @Test
  void areaSubtractsHoles() {
    DistrictMap map = DistrictMap.fromGeoJson(LAYER);
    double ring = map.byId("ring").orElseThrow().areaSquareMetres();
    double east = map.byId("east").orElseThrow().areaSquareMetres();
    // The hole is 16% of the square.
    assertThat(ring / east).isBetween(0.83, 0.85);
    // 0.01° x 0.01° at 31.6° N is about 1,113 m x 948 m.
    assertThat(east).isBetween(1.0e6, 1.1e6);
  }

  @Test
  void randomPointsFallInsideTheirDistrict() {
    DistrictMap map = Layers.ashkelon();
    assertThat(map.districts()).hasSize(11);
    Random random = new Random(1);
    for (DistrictMap.District d : map.districts()) {
      for (int i = 0; i < 500; i++) {
        double[] p = DistrictMap.randomPointIn(d, random);
        assertThat(d.contains(p[0], p[1])).as(d.id()).isTrue();
      }
    }
  }

  @Test
  void pointsNearACentreStayWithinTheRadiusAndInsideTheCity() {
    DistrictMap map = Layers.ashkelon();
    Random random = new Random(2);
    DistrictMap.District d = map.byId("barnea").orElseThrow();
    for (int i = 0; i < 50; i++) {
      double[] centre = DistrictMap.randomPointIn(d, random);
      for (int k = 0; k < 50; k++) {
        double[] p = map.randomPointNear(centre, 150, random);
        assertThat(DistrictMap.distanceMetres(centre, p)).isLessThanOrEqualTo(150.5);
        assertThat(map.locate(p[0], p[1])).isPresent();
      }
    }
  }

  @Test
  void refusesWhatIsNotADistrictLayer() {
    assertThatThrownBy(() -> DistrictMap.fromGeoJson("{\"type\":\"Feature\"}"))
        .hasMessageContaining("no features");
    assertThatThrownBy(() -> DistrictMap.fromGeoJson(
            "{\"features\":[{\"properties\":{\"id\":\"x\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}"))
        .hasMessageContaining("unsupported geometry Point");
  }
}
