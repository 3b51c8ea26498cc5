package org.hamal.surge.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.hamal.surge.live.LiveProtocol.AlertChange;
import org.junit.jupiter.api.Test;

class AlertRoundTest {

  @Test
  void eachSubscriberCountsOncePerPhaseAndOnlyForItsAlert() throws Exception {
    long sent = 1_000_000_000L;
    AlertRound round = new AlertRound("oref-1", 3, sent);
    AlertChange active = new AlertChange("a1", "oref-1", "active");

    round.seen(0, active, sent + 2_000_000);
    round.seen(0, active, sent + 9_000_000); // a later change of the same alert (a safe answer)
    round.seen(1, new AlertChange("a2", "oref-2", "active"), sent + 1_000_000); // another alert
    round.seen(1, null, sent + 1_000_000); // not an alert message
    round.seen(2, active, sent + 4_000_000);

    assertThat(round.received()).isEqualTo(2);
    assertThat(round.awaitActive(0)).isFalse();
    round.seen(1, active, sent + 3_000_000);
    assertThat(round.awaitActive(0)).isTrue();
    Histogram h = round.latencies(new Histogram(3));
    assertThat(h.getTotalCount()).isEqualTo(3);
    assertThat(h.getMinValue()).isEqualTo(2_000);
    assertThat(h.getMaxValue()).isBetween(4_000L, 4_010L); // to 3 significant digits

    assertThat(round.clearReceived()).isZero();
    for (int i = 0; i < 3; i++) {
      round.seen(i, new AlertChange("a1", "oref-1", "cleared"), sent + 50_000_000);
    }
    assertThat(round.awaitCleared(0)).isTrue();
    assertThat(round.clearReceived()).isEqualTo(3);
  }
}
