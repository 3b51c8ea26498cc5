package org.hamal.cluster.patrollers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatrollerPositionTest {

  private static final PatrollerOptions OPTIONS = new PatrollerOptions(10, 3, 15, 60);
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void theTrailKeepsTheLatestPointsOfTheLastMinutes() {
    PatrollerPosition p = PatrollerPosition.first("patrol-7", List.of("shimshon"), 34.50, 31.60, 12.0, T0);
    for (int i = 1; i <= 4; i++) {
      p = p.movedTo(List.of("shimshon"), 34.50 + i / 100.0, 31.60, null, T0.plusSeconds(60L * i), OPTIONS);
    }
    assertThat(p.trail()).extracting(PatrollerPosition.Point::lon).containsExactly(34.52, 34.53, 34.54);
    assertThat(p.lon()).isEqualTo(34.54);
    assertThat(p.accuracyM()).isNull();

    // Twenty minutes later only the new point is recent.
    PatrollerPosition later = p.movedTo(List.of("shimshon"), 34.60, 31.61, 5.0, T0.plusSeconds(60 * 24), OPTIONS);
    assertThat(later.trail()).extracting(PatrollerPosition.Point::lon).containsExactly(34.60);
    assertThat(p.recentTrail(T0.plusSeconds(60 * 19), OPTIONS)).extracting(PatrollerPosition.Point::lon)
        .containsExactly(34.54);
  }

  @Test
  void itRoundTripsThroughItsJson() {
    PatrollerPosition p = PatrollerPosition.first("patrol-7", List.of("shimshon", "barnea"), 34.5, 31.6, 12.0, T0)
        .movedTo(List.of("shimshon"), 34.51, 31.61, null, T0.plusSeconds(30), OPTIONS);
    assertThat(PatrollerPosition.fromJson(new JsonObject(p.toJson().encode()))).isEqualTo(p);
  }
}
