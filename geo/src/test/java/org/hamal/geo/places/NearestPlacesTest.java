package org.hamal.geo.places;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NearestPlacesTest {

  /** Metres in a degree of latitude, near enough for the test's distances. */
  private static final double DEGREE = 111_320;

  private final NearestPlaces nearest = NearestPlaces.of(StreetFiles.smallWithDistricts());

  @Test
  void thePlaceAtThePointOrTheNearestStreetWithinTheDistance() {
    assertThat(nearest.nearest(34.5712, 31.6688, 100).id()).isEqualTo("mall");
    // 30 m north of Herzl (a line along 31.668), far from every point: the street.
    assertThat(nearest.nearest(34.578, 31.668 + 30 / DEGREE, 100).id()).isEqualTo("herzl");
    // Between Herzl (along 31.668) and Ben Gurion's last leg (along 31.670, up to 34.570): the nearer.
    assertThat(nearest.nearest(34.578, 31.668 + 50 / DEGREE, 500).id()).isEqualTo("herzl");
    assertThat(nearest.nearest(34.566, 31.670 - 40 / DEGREE, 500).id()).isEqualTo("ben-gurion");
  }

  @Test
  void nothingBeyondTheDistanceAndNeverADistrict() {
    assertThat(nearest.nearest(34.578, 31.668 + 150 / DEGREE, 100)).isNull();
    // Inside districts, far from every street and address.
    assertThat(nearest.nearest(34.5500, 31.6420, 100)).isNull();
  }
}
