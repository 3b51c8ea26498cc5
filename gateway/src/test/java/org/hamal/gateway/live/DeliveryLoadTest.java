package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Delivery held to its share of a loop: pressed over it, released only after calm seconds. */
class DeliveryLoadTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong cpu = new AtomicLong();
  private final AtomicLong wall = new AtomicLong();
  private final AtomicLong total = new AtomicLong();
  private final DeliveryLoad load = new DeliveryLoad(0.25, 5000, 250, 2000, total::addAndGet, cpu::get, wall::get);

  /** One second of the loop in which delivery took {@code busyMillis} of CPU. */
  private void second(long busyMillis) {
    long began = load.begin();
    cpu.addAndGet(busyMillis * MS);
    wall.addAndGet(1000 * MS);
    load.end(began);
  }

  @Test
  void overItsShareEveryClientIsCoalescedAndTheTickDoublesUpToItsBound() {
    second(100);
    assertThat(load.pressed()).isFalse();
    assertThat(load.tickMillis()).isEqualTo(250);
    second(400);
    assertThat(load.pressed()).isTrue();
    assertThat(load.tickMillis()).isEqualTo(500);
    for (int i = 0; i < 5; i++) {
      second(600);
    }
    assertThat(load.tickMillis()).isEqualTo(2000);
    assertThat(total.get()).isEqualTo((100 + 400 + 5 * 600) * MS);
  }

  @Test
  void theTickShortensWhenCalmButClientsGoLiveOnlyAfterTenCalmSecondsAtTheBaseTick() {
    second(400);
    second(400);
    assertThat(load.tickMillis()).isEqualTo(1000);
    second(50);
    second(50);
    assertThat(load.tickMillis()).isEqualTo(250);
    for (int i = 0; i < 9; i++) {
      assertThat(load.pressed()).as("calm second %d", i).isTrue();
      second(50);
    }
    assertThat(load.pressed()).isFalse();
  }

  @Test
  void betweenHalfItsShareAndItsShareNothingChanges() {
    second(400);
    second(200);
    second(200);
    assertThat(load.pressed()).isTrue();
    assertThat(load.tickMillis()).isEqualTo(500);
  }

  @Test
  void tooManySingleEventsPressItThoughTheirCpuIsLow() {
    long began = load.begin();
    for (int i = 0; i < 5000; i++) {
      load.single();
    }
    assertThat(load.pressed()).isFalse();
    load.single();
    assertThat(load.pressed()).as("at once, within the second").isTrue();
    cpu.addAndGet(10 * MS);
    wall.addAndGet(1000 * MS);
    load.end(began);
    assertThat(load.pressed()).isTrue();
    began = load.begin();
    for (int i = 0; i < 3000; i++) {
      load.single(); // over half the budget: it stays pressed
    }
    wall.addAndGet(1000 * MS);
    load.end(began);
    assertThat(load.tickMillis()).isEqualTo(500);
  }

  @Test
  void stretchesWithinASecondAreSummedBeforeDeciding() {
    for (int i = 0; i < 4; i++) {
      long began = load.begin();
      cpu.addAndGet(90 * MS);
      wall.addAndGet(200 * MS);
      load.end(began);
      assertThat(load.pressed()).isFalse();
    }
    long began = load.begin();
    cpu.addAndGet(90 * MS);
    wall.addAndGet(200 * MS);
    load.end(began);
    assertThat(load.pressed()).as("450 ms of 1 s").isTrue();
  }
}
