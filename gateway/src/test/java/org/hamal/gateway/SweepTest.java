package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SweepTest {

  @Test
  void aSweepThatTakesLongerThanItsShareWaitsLonger() {
    assertThat(Sweep.nextDelay(10_000, 0)).isEqualTo(10_000);
    assertThat(Sweep.nextDelay(10_000, 400)).isEqualTo(10_000); // 4 % of 10 s
    // 2 s of work is 5 % of 40 s: 38 s to wait after it.
    assertThat(Sweep.nextDelay(10_000, 2_000)).isEqualTo(38_000);
  }

  @Test
  void sweepsRunOneAtATimeAndOnlyWhenDue() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicBoolean running = new AtomicBoolean();
      AtomicBoolean overlapped = new AtomicBoolean();
      AtomicInteger checks = new AtomicInteger();
      AtomicInteger swept = new AtomicInteger();
      CompletableFuture<Void> thrice = new CompletableFuture<>();
      Sweep sweep = new Sweep(vertx, "test", 1, () -> checks.incrementAndGet() % 2 == 0, () -> {
        if (!running.compareAndSet(false, true)) {
          overlapped.set(true);
        }
        Promise<Void> done = Promise.promise();
        // Longer than the period: the next must still wait for this one.
        vertx.setTimer(20, id -> {
          running.set(false);
          if (swept.incrementAndGet() == 3) {
            thrice.complete(null);
          }
          done.complete();
        });
        return done.future();
      });
      vertx.runOnContext(v -> sweep.start());
      thrice.get(10, TimeUnit.SECONDS);
      vertx.runOnContext(v -> sweep.stop());
      assertThat(overlapped).isFalse();
      assertThat(checks.get()).isGreaterThanOrEqualTo(6); // every other check was not due
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
