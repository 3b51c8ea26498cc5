package org.hamal.surge.scenario;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A named load: Poisson sources of reports over a run of {@code durationSeconds}, with the
 * parameters that made it (for results.json).
 */
public record Scenario(
    String name, double durationSeconds, List<Source> sources, JsonObject parameters) {

  /** The time-ordered arrivals of every source; the same seed gives the same schedule. */
  public ArrivalStream arrivals(long seed) {
    Random seeds = new Random(seed);
    List<ArrivalStream> streams = new ArrayList<>();
    for (Source s : sources) {
      Source cut =
          new Source(
              s.name(), s.profile(), s.startSeconds(), Math.min(s.endSeconds(), durationSeconds),
              s.payloads());
      streams.add(new PoissonStream(cut, new Random(seeds.nextLong())));
    }
    return new MergedStream(streams);
  }

  /** The intended rate (reports per second) at a second of the run: the sum of the sources. */
  public double targetRateAt(double seconds) {
    if (seconds >= durationSeconds) {
      return 0;
    }
    double sum = 0;
    for (Source s : sources) {
      sum += s.rateAt(seconds);
    }
    return sum;
  }

  /** The expected number of reports over the run. */
  public double expectedReports() {
    int steps = 20_000;
    double sum = 0;
    for (int i = 0; i < steps; i++) {
      sum += targetRateAt((i + 0.5) * durationSeconds / steps);
    }
    return sum * durationSeconds / steps;
  }
}
