package org.hamal.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A periodic sweep over the cluster's open reports (response-time checks, incident recounts):
 * never two at once, and never more than {@link #MAX_SHARE} of the time. A sweep reads every open
 * report, so its cost grows with them; in a surge that leaves hundreds of thousands open, a sweep
 * every few seconds would take the node's cores from intake. Then the next one waits until the
 * last one's duration is that share of the interval: the checks get coarser, intake keeps its
 * cores.
 */
public final class Sweep {

  private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);
  /** At most this share of the time goes to one kind of sweep. */
  static final double MAX_SHARE = 0.05;

  private final Vertx vertx;
  private final String name;
  private final long periodMillis;
  private final BooleanSupplier due;
  private final Supplier<Future<?>> work;
  private long timer = -1;
  private boolean stopped;

  /**
   * @param due whether this member sweeps now (the oldest member does)
   * @param work one sweep
   */
  public Sweep(Vertx vertx, String name, long periodMillis, BooleanSupplier due, Supplier<Future<?>> work) {
    this.vertx = vertx;
    this.name = name;
    this.periodMillis = periodMillis;
    this.due = due;
    this.work = work;
  }

  public void start() {
    schedule(periodMillis);
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  /** The wait before the next sweep after one that took {@code tookMillis}. */
  static long nextDelay(long periodMillis, long tookMillis) {
    return Math.max(periodMillis, (long) (tookMillis / MAX_SHARE) - tookMillis);
  }

  private void schedule(long delayMillis) {
    if (!stopped) {
      timer = vertx.setTimer(delayMillis, id -> sweep());
    }
  }

  private void sweep() {
    if (!due.getAsBoolean()) {
      schedule(periodMillis);
      return;
    }
    long started = System.nanoTime();
    Future<?> run;
    try {
      run = work.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e); // a sweep that throws must not end the sweeps
    }
    run
        .onFailure(err -> LOG.warn("{} failed", name, err))
        .onComplete(ar -> schedule(nextDelay(periodMillis, (System.nanoTime() - started) / 1_000_000)));
  }
}
