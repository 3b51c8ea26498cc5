package org.hamal.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comparing a layer with the one it would replace. */
class LayerChangeTest {

  private static final double[] IN_NEOT_ASHKELON = {34.5712, 31.6688};
  private static final double[] IN_BARNEA = {34.5737, 31.6879};

  @Test
  void theSameLayerCoversAllAndLeavesNoReportOutside() throws Exception {
    Layer ashkelon = bundled();
    LayerChange same = new LayerChange(ashkelon, ashkelon);
    assertThat(same.coveredShare()).isCloseTo(1.0, within(1e-9));
    assertThat(same.outside(List.of(IN_NEOT_ASHKELON, IN_BARNEA))).isZero();
  }

  @Test
  void aTinyLayerFarAwayCoversNothingAndLeavesEveryReportOutside() throws Exception {
    // A file in degrees read as the Israeli grid's metres lands as a speck off Africa: like this.
    Layer speck = square(30.0, 25.0, 0.0001);
    LayerChange change = new LayerChange(bundled(), speck);
    assertThat(change.coveredShare()).isZero();
    assertThat(change.outside(List.of(IN_NEOT_ASHKELON, IN_BARNEA))).isEqualTo(2);
  }

  @Test
  void aLayerCoveringHalfTheCityCoversAboutHalf() throws Exception {
    Layer ashkelon = bundled();
    var box = ashkelon.bounds();
    double midLon = (box.getMinX() + box.getMaxX()) / 2;
    Layer westHalf = rectangle(box.getMinX() - 0.01, box.getMinY() - 0.01, midLon, box.getMaxY() + 0.01);
    double share = new LayerChange(ashkelon, westHalf).coveredShare();
    assertThat(share).isGreaterThan(0.1).isLessThan(0.9);
  }

  private static Layer square(double lon, double lat, double size) throws Exception {
    return rectangle(lon, lat, lon + size, lat + size);
  }

  private static Layer rectangle(double minLon, double minLat, double maxLon, double maxLat) throws Exception {
    String ring = "[[" + minLon + "," + minLat + "],[" + maxLon + "," + minLat + "],[" + maxLon + "," + maxLat + "],["
        + minLon + "," + maxLat + "],[" + minLon + "," + minLat + "]]";
    String json = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
        + "{\"id\":\"only\",\"name_he\":\"אחד\",\"name_en\":\"One\",\"kind\":\"service-district\"},"
        + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}]}";
    return new LayerLoader(LayerOptions.defaults()).load(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  private static Layer bundled() throws LayerException {
    return new LayerLoader(LayerOptions.defaults()).loadBundled();
  }
}
