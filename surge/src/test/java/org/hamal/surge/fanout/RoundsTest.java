package org.hamal.surge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RoundsTest {

  private static Rounds.Round round(String via, double seconds, boolean complete) {
    return new Rounds.Round(1, via, 10, 100, seconds, 1_000, 1_000, 0, 0, complete, 5);
  }

  @Test
  void theRatioIsHubOverBareOfTheMediansOfCompleteRounds() {
    Rounds rounds = new Rounds();
    rounds.add(round("bare", 1.0, true)); // 1,000/s
    rounds.add(round("bare", 0.5, true)); // 2,000/s
    rounds.add(round("bare", 0.25, true)); // 4,000/s
    rounds.add(round("hub", 2.0, true)); // 500/s
    rounds.add(round("hub", 1.0, true)); // 1,000/s
    rounds.add(round("hub", 0.1, false)); // incomplete: left out
    assertThat(rounds.median("bare")).isEqualTo(2_000);
    assertThat(rounds.median("hub")).isEqualTo(750);
    assertThat(rounds.ratio()).isEqualTo(0.375);
    assertThat(rounds.allComplete()).isFalse();
    JsonObject summary = rounds.toJson().getJsonObject("summary");
    assertThat(summary.getDouble("hubOverBare")).isEqualTo(0.375);
    assertThat(summary.getBoolean("targetMet")).isFalse();
    assertThat(rounds.table()).contains("NOT met", "NO");
  }

  @Test
  void withoutCompleteRoundsThereIsNoRatio() {
    Rounds rounds = new Rounds();
    rounds.add(round("hub", 1.0, false));
    assertThat(rounds.toJson().getJsonObject("summary").getValue("hubOverBare")).isNull();
    assertThat(rounds.toJson().getJsonObject("summary").getBoolean("targetMet")).isFalse();
  }
}
