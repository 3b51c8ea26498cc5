package org.hamal.gateway.mode;

import java.util.concurrent.atomic.AtomicLong;

/** Counts the reports this node creates, for the cluster-wide intake rate. */
public final class IntakeMeter {

  private final AtomicLong created = new AtomicLong();
  private long lastCount;
  private long lastAt = System.nanoTime();

  public void created(int n) {
    created.addAndGet(n);
  }

  /** Reports per second since the previous call; called by one thread only. */
  double ratePerSecond() {
    long now = System.nanoTime();
    long count = created.get();
    double seconds = Math.max(1e-3, (now - lastAt) / 1e9);
    double rate = (count - lastCount) / seconds;
    lastCount = count;
    lastAt = now;
    return rate;
  }
}
