package org.hamal.surge.scenario;

import java.util.Random;

/**
 * The arrivals of one source: a non-homogeneous Poisson process, drawn by thinning (candidates at
 * the profile's peak rate with exponential gaps, each kept with probability rate/peak). At a
 * constant rate every candidate is kept: plain exponential inter-arrival times.
 */
final class PoissonStream implements ArrivalStream {

  private static final double NANOS = 1e9;

  private final Source source;
  private final Random random;
  private final double peak;
  private double t;
  private boolean done;

  PoissonStream(Source source, Random random) {
    this.source = source;
    this.random = random;
    this.peak = source.profile().maxRate();
    this.t = source.startSeconds();
    this.done = peak <= 0 || source.endSeconds() <= source.startSeconds();
  }

  @Override
  public Arrival next() {
    while (!done) {
      // 1 - nextDouble() is in (0, 1]: the logarithm stays finite.
      t += -Math.log(1 - random.nextDouble()) / peak;
      if (t >= source.endSeconds()) {
        done = true;
        return null;
      }
      double rate = source.rateAt(t);
      if (rate >= peak || random.nextDouble() * peak < rate) {
        return new Arrival((long) (t * NANOS), source.payloads().next(t, random));
      }
    }
    return null;
  }
}
