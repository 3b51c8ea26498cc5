package org.hamal.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.hamal.gateway.config.LimitsConfig.AnonymousLimits;
import org.junit.jupiter.api.Test;

class AddressRatesTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

  @Test
  void eachAddressHasItsBurstThenItsRate() {
    AddressRates rates = new AddressRates(new AnonymousLimits(10, 5, 100), clock::get);
    for (int i = 0; i < 5; i++) {
      assertThat(rates.take("10.0.0.1")).isEmpty();
    }
    assertThat(rates.take("10.0.0.1")).hasValue(1);
    assertThat(rates.take("10.0.0.2")).as("another address, its own bucket").isEmpty();
    clock.addAndGet(100_000_000L); // a tenth of a second: one more
    assertThat(rates.take("10.0.0.1")).isEmpty();
    assertThat(rates.take("10.0.0.1")).isPresent();
  }

  @Test
  void addressesBeyondTheBoundShareOneBucketAndTheMapNeverGrowsPastIt() {
    AddressRates rates = new AddressRates(new AnonymousLimits(1, 3, 2), clock::get);
    assertThat(rates.take("a")).isEmpty();
    assertThat(rates.take("b")).isEmpty();
    // The map is full and nobody's bucket has refilled: newcomers share the overflow bucket.
    assertThat(rates.take("c")).isEmpty();
    assertThat(rates.take("d")).isEmpty();
    assertThat(rates.take("e")).isEmpty();
    assertThat(rates.take("f")).as("the shared bucket is spent").isPresent();
    // Later the quiet addresses are forgotten and a newcomer has a bucket of its own again.
    clock.addAndGet(10_000_000_000L);
    assertThat(rates.take("g")).isEmpty();
    assertThat(rates.take("g")).isEmpty();
    assertThat(rates.take("g")).isEmpty();
    assertThat(rates.take("g")).isPresent();
  }
}
