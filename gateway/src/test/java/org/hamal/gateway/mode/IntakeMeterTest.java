package org.hamal.gateway.mode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntakeMeterTest {

  @Test
  void oneCallerInOneDistrictCountsUpToTheCap() {
    IntakeMeter meter = new IntakeMeter(10);
    for (int i = 0; i < 200; i++) {
      meter.arrived("patrol-7", "shimshon");
    }
    // 200 reports in well under 10 s is more than 10/s: the cap is what counts.
    assertThat(meter.ratePerSecond()).isEqualTo(10.0);
  }

  @Test
  void reportsOfUnknownCallersAreEachCountedInFull() {
    IntakeMeter meter = new IntakeMeter(10);
    for (int i = 0; i < 200; i++) {
      meter.arrived(null, "shimshon");
    }
    assertThat(meter.ratePerSecond()).isGreaterThan(10.0);
  }
}
