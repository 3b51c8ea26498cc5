package org.hamal.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CoordinateSystemsTest {

  @Test
  void theIsraeliGridsOriginIsItsCentralPoint() {
    // The grid's false origin (219529.584 E, 626907.390 N) is 35°12'16.261"E 31°44'03.817"N on
    // its own datum (Israel 1993). The datum shift to WGS84 (EPSG:1073: -48, 55, 52 m) moves it
    // there about 73 m east and 48 m north: 0.00077° and 0.00043°.
    double[] lonLat = CoordinateSystems.toLonLat("EPSG:2039", 219529.584, 626907.390);
    assertThat(lonLat[0]).isCloseTo(35.2045169 + 0.00077, within(2e-5));
    assertThat(lonLat[1]).isCloseTo(31.7343936 + 0.00043, within(2e-5));
  }

  @Test
  void wgs84PassesThroughAndOtherSystemsAreRefused() {
    assertThat(CoordinateSystems.toLonLat("urn:ogc:def:crs:OGC:1.3:CRS84", 34.57, 31.66)).containsExactly(34.57, 31.66);
    assertThat(CoordinateSystems.supported("EPSG:3857")).isFalse();
    assertThatThrownBy(() -> CoordinateSystems.toLonLat("EPSG:3857", 1, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
