package org.hamal.surge.fanout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.hamal.surge.live.LiveProtocol.Synthetic;

/**
 * One round's deliveries: how many synthetic reports each subscriber has received, and when the
 * last of them had its {@code target}. Fed from the client's event loops.
 */
public final class Tally {

  private final int target;
  private final AtomicIntegerArray received;
  private final AtomicInteger reached = new AtomicInteger();
  private final AtomicLong single = new AtomicLong();
  private final AtomicLong batched = new AtomicLong();
  private final AtomicLong first = new AtomicLong();
  private final LongSupplier clock;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile long doneNanos;

  public Tally(int subscribers, int target, LongSupplier clock) {
    if (subscribers < 1 || target < 1) {
      throw new IllegalArgumentException("at least one subscriber and one event");
    }
    this.target = target;
    this.received = new AtomicIntegerArray(subscribers);
    this.clock = clock;
  }

  /** Counts what one frame brought subscriber {@code index}. */
  public void add(int index, Synthetic frame) {
    int n = frame.total();
    if (n == 0) {
      return;
    }
    if (first.get() == 0) {
      first.compareAndSet(0, clock.getAsLong());
    }
    single.addAndGet(frame.single());
    batched.addAndGet(frame.batched());
    int after = received.addAndGet(index, n);
    if (after - n < target && after >= target && reached.incrementAndGet() == received.length()) {
      doneNanos = clock.getAsLong();
      done.countDown();
    }
  }

  /** Waits until every subscriber has its target; false on timeout. */
  public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    return done.await(timeout, unit);
  }

  public boolean complete() {
    return done.getCount() == 0;
  }

  /** When the last subscriber got its target (clock nanos), or 0 while incomplete. */
  public long doneNanos() {
    return doneNanos;
  }

  /** When the first synthetic report arrived (clock nanos), or 0. */
  public long firstNanos() {
    return first.get();
  }

  public long single() {
    return single.get();
  }

  public long batched() {
    return batched.get();
  }

  /** Everything received, including any beyond the target. */
  public long delivered() {
    return single.get() + batched.get();
  }

  /** Subscribers still short of their target. */
  public int behind() {
    return received.length() - reached.get();
  }

  /** Deliveries beyond the target (duplicates: the server should never send them). */
  public long extra() {
    long extra = 0;
    for (int i = 0; i < received.length(); i++) {
      extra += Math.max(0, received.get(i) - target);
    }
    return extra;
  }
}
