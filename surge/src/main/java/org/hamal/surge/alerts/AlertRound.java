package org.hamal.surge.alerts;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.hamal.surge.live.LiveProtocol.AlertChange;

/**
 * One alert of {@code surge alert-latency}, seen from every subscriber: when each first had it
 * active and when each first had it cleared, counted from the moment its POST was sent. A
 * subscriber counts once per phase whatever else it is sent (an alert message per change).
 */
public final class AlertRound {

  private final String sourceId;
  private final long sentNanos;
  private final AtomicLongArray activeAt;
  private final AtomicLongArray clearedAt;
  private final CountDownLatch active;
  private final CountDownLatch cleared;

  public AlertRound(String sourceId, int subscribers, long sentNanos) {
    this.sourceId = sourceId;
    this.sentNanos = sentNanos;
    this.activeAt = new AtomicLongArray(subscribers);
    this.clearedAt = new AtomicLongArray(subscribers);
    this.active = new CountDownLatch(subscribers);
    this.cleared = new CountDownLatch(subscribers);
  }

  public String sourceId() {
    return sourceId;
  }

  /** A subscriber's {@code alert} message: counted if it is this round's alert. */
  public void seen(int subscriber, AlertChange alert, long nanos) {
    if (alert == null || !sourceId.equals(alert.sourceId())) {
      return;
    }
    if (alert.active()) {
      if (activeAt.compareAndSet(subscriber, 0, Math.max(1, nanos))) {
        active.countDown();
      }
    } else if (clearedAt.compareAndSet(subscriber, 0, Math.max(1, nanos))) {
      cleared.countDown();
    }
  }

  public boolean awaitActive(long millis) throws InterruptedException {
    return active.await(millis, TimeUnit.MILLISECONDS);
  }

  public boolean awaitCleared(long millis) throws InterruptedException {
    return cleared.await(millis, TimeUnit.MILLISECONDS);
  }

  public int received() {
    return count(activeAt);
  }

  public int clearReceived() {
    return count(clearedAt);
  }

  /** Adds each subscriber's time from the POST to the active alert, in microseconds. */
  public Histogram latencies(Histogram into) {
    for (int i = 0; i < activeAt.length(); i++) {
      long at = activeAt.get(i);
      if (at != 0) {
        into.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(at - sentNanos)));
      }
    }
    return into;
  }

  private static int count(AtomicLongArray at) {
    int n = 0;
    for (int i = 0; i < at.length(); i++) {
      if (at.get(i) != 0) {
        n++;
      }
    }
    return n;
  }
}
