package org.hamal.gateway.live;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * How much of its event loop one server verticle's live delivery takes, and what delivery gives up
 * when that is too much. Intake shares these loops (a WebSocket's I/O stays on the loop that
 * accepted it), so delivery is held to a share of each: over it, every client of the loop gets
 * coalesced batches (shared by flocks) and the tick lengthens, doubling up to a bound; under half
 * the share, the tick shortens back and clients may go live again. Acknowledgements are never
 * slowed to deliver (issue 31, docs/emergency-mode.md).
 */
final class DeliveryLoad {

  private static final long WINDOW_NANOS = 1_000_000_000L;
  /**
   * Calm windows, at the base tick, before clients may go live again: coalescing is what made
   * delivery cheap, and going live at the first calm second would bring the cost straight back.
   */
  private static final int CALM_WINDOWS_TO_RELEASE = 10;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final double share;
  private final int maxSinglesPerSecond;
  private int singlesInWindow;
  private boolean behindInWindow;
  private final int baseTickMillis;
  private final int maxTickMillis;
  private final java.util.function.LongConsumer spentTotal;
  private final LongSupplier cpuClock;
  private final LongSupplier wallClock;
  private long windowStart;
  private long spentInWindow;
  private int tickMillis;
  private boolean pressed;
  private int calmWindows;

  /**
   * Measured on the calling thread's CPU clock.
   *
   * @param spentTotal told the CPU nanoseconds of each stretch of delivery (the node's metric)
   */
  DeliveryLoad(double share, int maxSinglesPerSecond, int baseTickMillis, int maxTickMillis,
      java.util.function.LongConsumer spentTotal) {
    this(share, maxSinglesPerSecond, baseTickMillis, maxTickMillis, spentTotal, THREADS::getCurrentThreadCpuTime,
        System::nanoTime);
  }

  /** With the clocks given: the thread's CPU and the wall, both in nanoseconds. */
  DeliveryLoad(double share, int maxSinglesPerSecond, int baseTickMillis, int maxTickMillis,
      java.util.function.LongConsumer spentTotal, LongSupplier cpuClock, LongSupplier wallClock) {
    this.maxSinglesPerSecond = maxSinglesPerSecond;
    this.cpuClock = cpuClock;
    this.wallClock = wallClock;
    this.windowStart = wallClock.getAsLong();
    this.share = share;
    this.baseTickMillis = baseTickMillis;
    this.maxTickMillis = Math.max(baseTickMillis, maxTickMillis);
    this.spentTotal = spentTotal;
    this.tickMillis = baseTickMillis;
  }

  /** The calling thread's CPU time now, to pass to {@link #end}. */
  long begin() {
    return cpuClock.getAsLong();
  }

  /** Counts the CPU the delivery since {@code began} took, and reconsiders once a second. */
  void end(long began) {
    long used = cpuClock.getAsLong() - began;
    spentInWindow += used;
    spentTotal.accept(used);
    long now = wallClock.getAsLong();
    long elapsed = now - windowStart;
    if (elapsed < WINDOW_NANOS) {
      return;
    }
    double taken = (double) spentInWindow / elapsed;
    double singles = singlesInWindow * 1e9 / elapsed;
    if (taken > share || singles > maxSinglesPerSecond || behindInWindow) {
      pressed = true;
      calmWindows = 0;
      tickMillis = Math.min(maxTickMillis, tickMillis * 2);
    } else if (taken < share / 2 && singles < maxSinglesPerSecond / 2.0) {
      tickMillis = Math.max(baseTickMillis, tickMillis / 2);
      calmWindows = tickMillis == baseTickMillis ? calmWindows + 1 : 0;
      pressed = pressed && calmWindows < CALM_WINDOWS_TO_RELEASE;
    }
    windowStart = now;
    spentInWindow = 0;
    singlesInWindow = 0;
    behindInWindow = false;
  }

  /**
   * Counts a single event written to one client. Each is a frame, a system call and a message for
   * the client to take in: their number, more than their bytes, is what a thousand screens cost
   * (the kernel's and the clients' share of it is not on this thread's clock).
   */
  void single() {
    if (++singlesInWindow > maxSinglesPerSecond && !pressed) {
      // A burst: pressed at once, not at the end of the second, which would send the rest of it
      // one by one too.
      pressed = true;
      calmWindows = 0;
    }
  }

  /**
   * Many clients' send buffers were full at a tick: delivery is behind what they (or the network)
   * take in, whatever it costs this thread. Pressed at once.
   */
  void behind() {
    behindInWindow = true;
    pressed = true;
    calmWindows = 0;
  }

  /** Delivery took more than its share lately: every client is coalesced. */
  boolean pressed() {
    return pressed;
  }

  /** How long until the next tick. */
  int tickMillis() {
    return tickMillis;
  }
}
