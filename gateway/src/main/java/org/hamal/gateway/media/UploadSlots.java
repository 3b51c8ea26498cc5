package org.hamal.gateway.media;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node-wide bound on photo uploads in progress. Each holds several copies of up to
 * {@code media.maxBytes} (the body as read, its bytes, the stripped image); without a bound a
 * burst of tablets coming back online could exhaust the heap. A slot is taken before the body is
 * read and given back when the last of its {@link Lease}s is released: the request's (its
 * response ended or its connection closed) and the work's (stripping and storing, which may
 * outlive a client that hung up).
 */
public final class UploadSlots {

  private final int max;
  private final AtomicInteger taken = new AtomicInteger();

  public UploadSlots(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one upload at a time: " + max);
    }
    this.max = max;
  }

  /** A slot's first lease, or empty when all are taken. */
  public Optional<Lease> tryTake() {
    while (true) {
      int now = taken.get();
      if (now >= max) {
        return Optional.empty();
      }
      if (taken.compareAndSet(now, now + 1)) {
        return Optional.of(new Lease(new AtomicInteger(1)));
      }
    }
  }

  /** Slots taken now. */
  public int taken() {
    return taken.get();
  }

  /** One holder's claim on a slot; releasing it twice is harmless. */
  public final class Lease {

    private final AtomicInteger holders;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(AtomicInteger holders) {
      this.holders = holders;
    }

    /** Another claim on the same slot, for work that may outlive this one. */
    public Lease share() {
      if (released.get()) {
        throw new IllegalStateException("shared after its release");
      }
      holders.incrementAndGet();
      return new Lease(holders);
    }

    /** Gives up this claim; the slot is free once every claim on it is given up. */
    public void release() {
      if (released.compareAndSet(false, true) && holders.decrementAndGet() == 0) {
        taken.decrementAndGet();
      }
    }
  }
}
