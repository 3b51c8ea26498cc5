package org.hamal.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.KeyLimits;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;

class KeyRatesTest {

  private final AtomicLong now = new AtomicLong(60_000 * 1000 + 15_000); // 15 s into a minute
  private final KeyRates rates = new KeyRates(now::get);

  @Test
  void aKeyFilesItsRateInEachClockMinuteAndIsToldWhenToRetry() {
    Caller key = key("k1", 3);
    for (int i = 0; i < 3; i++) {
      assertThat(rates.take(key)).as("report %d", i + 1).isEmpty();
    }
    assertThat(rates.take(key)).hasValue(45);
    now.addAndGet(44_500);
    assertThat(rates.take(key)).as("rounded up").hasValue(1);
    now.addAndGet(500); // the next minute
    assertThat(rates.take(key)).isEmpty();
  }

  @Test
  void eachKeyHasItsOwnCountAndTokensWithoutARateAreNeverCounted() {
    Caller one = key("k1", 1);
    assertThat(rates.take(one)).isEmpty();
    assertThat(rates.take(one)).isPresent();
    assertThat(rates.take(key("k2", 1))).isEmpty();
    Caller unlimited = new Caller("intake-x", Set.of(Role.INTAKE), Set.of(), Instant.MAX, "k3", KeyLimits.NONE);
    for (int i = 0; i < 1000; i++) {
      assertThat(rates.take(unlimited)).isEmpty();
    }
  }

  private static Caller key(String jti, int rate) {
    return new Caller("key:" + jti, Set.of(Role.INTAKE), Set.of(), Instant.MAX, jti, new KeyLimits(List.of(), rate));
  }
}
