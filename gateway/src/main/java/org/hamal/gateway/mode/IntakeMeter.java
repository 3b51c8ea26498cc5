package org.hamal.gateway.mode;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the valid reports arriving at this node, for the cluster-wide intake rate. Counted on
 * arrival rather than on commit, so a node whose store lags behind still shows its true load.
 */
public final class IntakeMeter {

  private final AtomicLong arrived = new AtomicLong();
  private long lastCount;
  private long lastAt = System.nanoTime();

  public void arrived(int n) {
    arrived.addAndGet(n);
  }

  /** Reports per second since the previous call; called by one thread only. */
  double ratePerSecond() {
    long now = System.nanoTime();
    long count = arrived.get();
    double seconds = Math.max(1e-3, (now - lastAt) / 1e9);
    double rate = (count - lastCount) / seconds;
    lastCount = count;
    lastAt = now;
    return rate;
  }
}
