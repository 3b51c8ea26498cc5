package org.hamal.surge.load;

import java.util.List;
import org.hamal.surge.scenario.ReportSpec;

/**
 * One request to issue: a single report, or several through batch intake. Each item keeps the
 * time it was scheduled, from which its latency is measured.
 */
public record Send(List<Item> items, boolean batch) {

  public record Item(long seq, long scheduledNanos, ReportSpec report) {}

  public int size() {
    return items.size();
  }
}
