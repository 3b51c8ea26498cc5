package org.hamal.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A node spends the budget it took in chunks, and asks the cluster only when it has none. */
class CallerRatesTest {

  /** The cluster's side: a plain bucket that never refills, and a record of what was asked. */
  private static final class Bucket implements CallerRates.Budget {
    long tokens;
    final List<Integer> asked = new ArrayList<>();

    Bucket(long tokens) {
      this.tokens = tokens;
    }

    @Override
    public Future<Long> take(String key, CallerRates.Rate rate, int want, int least) {
      asked.add(want);
      if (tokens < least) {
        return Future.succeededFuture(-5_000L);
      }
      long granted = Math.min(want, tokens);
      tokens -= granted;
      return Future.succeededFuture(granted);
    }
  }

  private final AtomicLong now = new AtomicLong(1_000_000);

  @Test
  void takesAChunkAndSpendsItLocally() {
    Bucket bucket = new Bucket(1_000);
    CallerRates rates = new CallerRates(bucket, now::get, 100, 1_000);
    CallerRates.Rate rate = new CallerRates.Rate(200, 400); // 20 per 100 ms
    for (int i = 0; i < 40; i++) {
      assertThat(rates.take("c", rate, 1).result().granted()).isEqualTo(1);
    }
    assertThat(bucket.asked).containsExactly(20, 20);
    // What was held and not spent is not spent later.
    assertThat(rates.take("c", rate, 1).result().granted()).isEqualTo(1);
    now.addAndGet(1_001);
    rates.take("c", rate, 1);
    assertThat(bucket.asked).hasSize(4);
  }

  @Test
  void aRefusalIsRememberedLocallyUntilTheBudgetRefills() {
    Bucket bucket = new Bucket(2);
    CallerRates rates = new CallerRates(bucket, now::get, 100, 1_000);
    CallerRates.Rate rate = new CallerRates.Rate(1, 2);
    assertThat(rates.take("c", rate, 1).result().granted()).isEqualTo(1);
    assertThat(rates.take("c", rate, 1).result().granted()).isEqualTo(1);
    CallerRates.Taken refused = rates.take("c", rate, 1).result();
    assertThat(refused.granted()).isZero();
    assertThat(refused.retryAfterSeconds()).isEqualTo(5);
    int calls = bucket.asked.size();
    for (int i = 0; i < 100; i++) {
      assertThat(rates.take("c", rate, 1).result().granted()).isZero();
    }
    assertThat(bucket.asked).hasSize(calls);
    now.addAndGet(5_000);
    bucket.tokens = 1;
    assertThat(rates.take("c", rate, 1).result().granted()).isEqualTo(1);
  }

  @Test
  void aLargeTakeIsGrantedInPartWhenTheBudgetHoldsLess() {
    Bucket bucket = new Bucket(7);
    CallerRates rates = new CallerRates(bucket, now::get, 100, 1_000);
    CallerRates.Taken taken = rates.take("c", new CallerRates.Rate(10, 20), 10).result();
    assertThat(taken.granted()).isEqualTo(7);
    assertThat(taken.retryAfterSeconds()).isPositive();
  }
}
