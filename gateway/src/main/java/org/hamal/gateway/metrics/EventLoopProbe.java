package org.hamal.gateway.metrics;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.TimeUnit;

/**
 * Measures an event loop's delay: a timer is due every probe interval, and how late it runs is
 * how long the loop was busy with other work (or blocked). One instance per event loop.
 */
public final class EventLoopProbe extends VerticleBase {

  private final Timer delay;
  private final long intervalMillis;
  private long timer = -1;

  public EventLoopProbe(NodeMetrics metrics, long intervalMillis) {
    this.delay = metrics.eventLoopDelay();
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    schedule();
    return Future.succeededFuture();
  }

  private void schedule() {
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    timer = vertx.setTimer(intervalMillis, t -> {
      delay.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
      schedule();
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
