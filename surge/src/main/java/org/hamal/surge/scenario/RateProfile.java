package org.hamal.surge.scenario;

import java.util.ArrayList;
import java.util.List;

/** Reports per second as a function of seconds since the start of a source. */
public interface RateProfile {

  double rateAt(double seconds);

  /** An upper bound of {@link #rateAt} over the source's life (for thinning). */
  double maxRate();

  static RateProfile constant(double rate) {
    return new RateProfile() {
      @Override
      public double rateAt(double seconds) {
        return rate;
      }

      @Override
      public double maxRate() {
        return rate;
      }
    };
  }

  /**
   * Linear interpolation between points {@code (seconds, rate)}, flat before the first and after
   * the last.
   */
  static RateProfile piecewiseLinear(List<double[]> points) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a rate profile needs at least one point");
    }
    List<double[]> sorted = new ArrayList<>(points);
    sorted.sort((a, b) -> Double.compare(a[0], b[0]));
    double max = 0;
    for (double[] p : sorted) {
      if (p[1] < 0) {
        throw new IllegalArgumentException("negative rate at " + p[0] + " s");
      }
      max = Math.max(max, p[1]);
    }
    double peak = max;
    return new RateProfile() {
      @Override
      public double rateAt(double t) {
        if (t <= sorted.get(0)[0]) {
          return sorted.get(0)[1];
        }
        for (int i = 1; i < sorted.size(); i++) {
          double[] a = sorted.get(i - 1), b = sorted.get(i);
          if (t <= b[0]) {
            return b[0] == a[0] ? b[1] : a[1] + (b[1] - a[1]) * (t - a[0]) / (b[0] - a[0]);
          }
        }
        return sorted.get(sorted.size() - 1)[1];
      }

      @Override
      public double maxRate() {
        return peak;
      }
    };
  }

  /** Parses {@code 0:50,30:400,60:50} (seconds:rate). */
  static RateProfile parse(String spec) {
    List<double[]> points = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] st = part.trim().split(":");
      if (st.length != 2) {
        throw new IllegalArgumentException("not seconds:rate: " + part);
      }
      points.add(new double[] {Double.parseDouble(st[0]), Double.parseDouble(st[1])});
    }
    return piecewiseLinear(points);
  }

  /**
   * The reports of one impact: {@code count} on average, most in the first minutes, decaying
   * exponentially and cut off at {@code windowSeconds}.
   */
  static RateProfile decayingBurst(double count, double windowSeconds) {
    double tau = windowSeconds / 3;
    double peak = count / (tau * (1 - Math.exp(-windowSeconds / tau)));
    return new RateProfile() {
      @Override
      public double rateAt(double t) {
        return t < 0 || t >= windowSeconds ? 0 : peak * Math.exp(-t / tau);
      }

      @Override
      public double maxRate() {
        return peak;
      }
    };
  }

  /** The mean of the profile over {@code [0, seconds)}, by the midpoint rule. */
  default double meanOver(double seconds) {
    int steps = 10_000;
    double sum = 0;
    for (int i = 0; i < steps; i++) {
      sum += rateAt((i + 0.5) * seconds / steps);
    }
    return sum / steps;
  }
}
