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
        return Double.parseDouble(sample.substring(space + 1));
      }
    }
    return null;
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
