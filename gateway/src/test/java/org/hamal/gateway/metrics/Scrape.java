package org.hamal.gateway.metrics;

import java.util.ArrayList;
import java.util.List;

/** A Prometheus text exposition, read by sample name and labels. */
final class Scrape {

  private final List<String> samples = new ArrayList<>();

  Scrape(String text) {
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(line);
      }
    }
  }

  /**
   * The value of the first sample named {@code name} that has every label given (as
   * {@code key, value, key, value...}), or null when there is none.
   */
  Double value(String name, String... labels) {
    List<Double> all = values(name, labels);
    return all.isEmpty() ? null : all.get(0);
  }

  /** The sum of every sample named {@code name} with those labels (a gauge over several pools). */
  double sum(String name, String... labels) {
    return values(name, labels).stream().mapToDouble(Double::doubleValue).sum();
  }

  private List<Double> values(String name, String... labels) {
    List<Double> found = new ArrayList<>();
    for (String sample : samples) {
      int brace = sample.indexOf('{');
      int space = sample.lastIndexOf(' ');
      String sampleName = brace >= 0 ? sample.substring(0, brace) : sample.substring(0, space);
      if (!sampleName.equals(name)) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i < labels.length; i += 2) {
        all &= brace >= 0 && sample.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
      }
      if (all) {
        found.add(Double.parseDouble(sample.substring(space + 1)));
      }
    }
    return found;
  }

  /** A counter's value, 0 when it has not been counted yet. */
  double count(String name, String... labels) {
    Double v = value(name, labels);
    return v == null ? 0 : v;
  }

  /** Whether any sample's name starts with {@code prefix}. */
  boolean has(String prefix) {
    return samples.stream().anyMatch(s -> s.startsWith(prefix));
  }
}
