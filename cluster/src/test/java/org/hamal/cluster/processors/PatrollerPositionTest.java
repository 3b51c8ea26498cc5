package org.hamal.cluster.processors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatrollerPositionTest {

  private static final Duration WINDOW = Duration.ofMinutes(15);
  private static final MovePatroller.Limits LIMITS = new MovePatroller.Limits(10_000, 3, WINDOW.toMillis(), 3_600_000);
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void theTrailKeepsTheLatestPointsOfTheLastMinutes() {
    PatrollerPosition p = PatrollerPosition.first("patrol-7", List.of("shimshon"), 34.50, 31.60, 12.0, T0);
    for (int i = 1; i <= 4; i++) {
      p = p.movedTo(List.of("shimshon"), 34.50 + i / 100.0, 31.60, null, T0.plusSeconds(60L * i), 3, WINDOW);
    }
    assertThat(p.trail()).extracting(PatrollerPosition.Point::lon).containsExactly(34.52, 34.53, 34.54);
    assertThat(p.lon()).isEqualTo(34.54);
    assertThat(p.accuracyM()).isNull();

    // Twenty minutes later only the new point is recent.
    PatrollerPosition later = p.movedTo(List.of("shimshon"), 34.60, 31.61, 5.0, T0.plusSeconds(60 * 24), 3, WINDOW);
    assertThat(later.trail()).extracting(PatrollerPosition.Point::lon).containsExactly(34.60);
    assertThat(p.recentTrail(T0.plusSeconds(60 * 19), WINDOW)).extracting(PatrollerPosition.Point::lon)
        .containsExactly(34.54);
  }

  @Test
  void aMoveIsTakenOncePerIntervalAndToldHowLongToWaitOtherwise() {
    Map.Entry<String, PatrollerPosition> entry = new AbstractMap.SimpleEntry<>("patrol-7", null);
    assertThat(move(34.50, T0).process(entry)).isZero();
    assertThat(entry.getValue().trail()).hasSize(1);

    assertThat(move(34.51, T0.plusSeconds(4)).process(entry)).isEqualTo(6_000L);
    assertThat(entry.getValue().lon()).isEqualTo(34.50);

    assertThat(move(34.52, T0.plusSeconds(10)).process(entry)).isZero();
    assertThat(entry.getValue().lon()).isEqualTo(34.52);
    assertThat(entry.getValue().trail()).extracting(PatrollerPosition.Point::lon).containsExactly(34.50, 34.52);
  }

  private static MovePatroller move(double lon, Instant at) {
    return new MovePatroller(new MovePatroller.Fix(List.of("shimshon"), lon, 31.6, null, at), LIMITS);
  }
}
