package org.hamal.surge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.hamal.surge.live.LiveProtocol.Synthetic;
import org.junit.jupiter.api.Test;

class TallyTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final Tally tally = new Tally(2, 3, now::get);

  @Test
  void completesWhenTheLastSubscriberHasItsTargetAndCountsWhatCameBeyond() {
    tally.add(0, new Synthetic(1, 0));
    now.set(2_000);
    tally.add(0, new Synthetic(0, 2));
    assertThat(tally.complete()).isFalse();
    assertThat(tally.behind()).isEqualTo(1);
    tally.add(1, Synthetic.NONE);
    tally.add(1, new Synthetic(1, 0));
    now.set(5_000);
    tally.add(1, new Synthetic(0, 4));
    assertThat(tally.complete()).isTrue();
    assertThat(tally.firstNanos()).isEqualTo(1_000);
    assertThat(tally.doneNanos()).isEqualTo(5_000);
    now.set(9_000);
    tally.add(0, new Synthetic(1, 0));
    assertThat(tally.doneNanos()).isEqualTo(5_000);
    assertThat(tally.single()).isEqualTo(3);
    assertThat(tally.batched()).isEqualTo(6);
    assertThat(tally.delivered()).isEqualTo(9);
    assertThat(tally.extra()).isEqualTo(3);
  }
}
