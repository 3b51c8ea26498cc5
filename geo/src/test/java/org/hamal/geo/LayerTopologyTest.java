package org.hamal.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.data.Percentage.withPercentage;
import static org.hamal.geo.LayerLoaderTest.featureCollection;
import static org.hamal.geo.LayerLoaderTest.square;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerTopologyTest {

  private static final LayerOptions DEFAULTS = LayerOptions.defaults();

  @Test
  void bundledLayerLoadsItsTwoSliversWithinTheToleranceAndWarnsOfItsTwoRoundingGaps()
      throws Exception {
    Layer layer = new LayerLoader(DEFAULTS).loadBundled();
    // Rounding to 6 decimals also opened two small holes where migdal, agamim and
    // industrial-north meet (about 21 and 13 m²).
    assertThat(layer.warnings())
        .extracting(LayerProblem::feature, LayerProblem::code, LayerProblem::severity)
        .containsExactly(
            tuple("migdal", "gap", LayerProblem.Severity.WARNING),
            tuple("migdal", "gap", LayerProblem.Severity.WARNING));
    assertThat(layer.warnings())
        .allSatisfy(p -> assertThat(p.message()).contains("agamim", "industrial-north", " m²"));
  }

  @Test
  void withoutToleranceTheBundledSliversAreOverlapsNamingBothDistrictsAndTheArea() {
    LayerOptions strict = new LayerOptions(DEFAULTS.snapMeters(), null, 0);
    assertThatThrownBy(() -> new LayerLoader(strict).loadBundled())
        .isInstanceOfSatisfying(
            LayerException.class,
            e -> {
              assertThat(e.problems())
                  .filteredOn(p -> p.severity() == LayerProblem.Severity.ERROR)
                  .extracting(LayerProblem::feature, LayerProblem::code)
                  .containsExactlyInAnyOrder(
                      tuple("shimshon", "overlap"), tuple("givat-zion", "overlap"));
              // The data README: shimshon/industrial-south ~14 m², givat-zion/... ~7 m².
              assertThat(e.problems())
                  .anySatisfy(p -> assertThat(p.message()).contains("'industrial-south' by 1"))
                  .anySatisfy(p -> assertThat(p.message()).contains("'industrial-south' by 7"));
            });
  }

  @Test
  void largeOverlapIsAnErrorWithItsAreaInSquareMetres() {
    // Two 1°×1° squares offset by half a degree: they share a 0.5°×1° strip near 0,0.
    String json =
        featureCollection(square("a", 0, 0), square("b", 0.5, 0), square("c", 3, 0));
    double expected = 0.5 * Geodesy.metersPerDegreeLon(0.5) * Geodesy.metersPerDegreeLat();
    LayerProblem p = Rejections.onlyProblem(() -> load(json));

    assertThat(p.feature()).isEqualTo("a");
    assertThat(p.code()).isEqualTo("overlap");
    assertThat(p.message()).contains("'b'");
    double area = Double.parseDouble(p.message().split(" ")[3]);
    assertThat(area).isCloseTo(expected, withPercentage(1));
  }

  @Test
  void sharedBordersAreNotOverlaps() throws Exception {
    Layer layer = load(featureCollection(square("a", 0, 0), square("b", 1, 0), square("c", 0, 1)));
    assertThat(layer.warnings()).isEmpty();
  }

  @Test
  void holeInTheCoveredAreaIsAGapWarningAndTheLayerLoads() throws Exception {
    // A 3×3 block of squares without its centre.
    List<String> ring = new ArrayList<>();
    for (int x = 0; x < 3; x++) {
      for (int y = 0; y < 3; y++) {
        if (x != 1 || y != 1) {
          ring.add(square("s" + x + y, x, y));
        }
      }
    }
    Layer layer = load(featureCollection(ring.toArray(String[]::new)));

    assertThat(layer.districts()).hasSize(8);
    assertThat(layer.warnings())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(LayerProblem.Severity.WARNING);
              assertThat(p.code()).isEqualTo("gap");
              assertThat(p.feature()).isEqualTo("s00");
              assertThat(p.message()).contains("around 1.5").contains("s01", "s21");
            });
    assertThat(layer.locate(1.5, 1.5)).isEqualTo(Location.OUTSIDE);
  }

  private static Layer load(String json) throws LayerException {
    return new LayerLoader(DEFAULTS).load(json.getBytes(StandardCharsets.UTF_8), "test");
  }
}
