package org.hamal.surge.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A weighted choice among values, e.g. a mix of categories or channels. */
public final class Weighted<T> {

  private final List<T> values = new ArrayList<>();
  private final double[] cumulative;
  private final Map<T, Double> weights;

  public Weighted(Map<T, ? extends Number> weights) {
    this.weights = new LinkedHashMap<>();
    cumulative = new double[weights.size()];
    double sum = 0;
    int i = 0;
    for (Map.Entry<T, ? extends Number> e : weights.entrySet()) {
      double w = e.getValue().doubleValue();
      if (w < 0 || Double.isNaN(w)) {
        throw new IllegalArgumentException("negative weight for " + e.getKey());
      }
      sum += w;
      values.add(e.getKey());
      this.weights.put(e.getKey(), w);
      cumulative[i++] = sum;
    }
    if (sum <= 0) {
      throw new IllegalArgumentException("a mix needs a positive weight");
    }
  }

  /** Parses {@code a=3,b=1} (a bare name weighs 1). */
  public static Weighted<String> parse(String spec) {
    Map<String, Double> weights = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq < 0) {
        weights.merge(p, 1.0, Double::sum);
      } else {
        try {
          weights.merge(p.substring(0, eq).trim(), Double.parseDouble(p.substring(eq + 1)), Double::sum);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a weight: " + p);
        }
      }
    }
    return new Weighted<>(weights);
  }

  public T pick(Random random) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return values.get(i);
      }
    }
    return values.get(values.size() - 1);
  }

  public List<T> values() {
    return List.copyOf(values);
  }

  public Map<T, Double> weights() {
    return Map.copyOf(weights);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    weights.forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return s.toString();
  }
}
