package org.hamal.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live streams each caller holds open on this node, at most {@code perCaller}. */
public final class CallerConnections {

  private final int perCaller;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  public CallerConnections(int perCaller) {
    this.perCaller = perCaller;
  }

  public int perCaller() {
    return perCaller;
  }

  /** Counts one more stream of the caller's, unless it holds all it may. */
  public boolean tryOpen(String caller) {
    boolean[] opened = {false};
    open.compute(caller, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= perCaller) {
        return n;
      }
      opened[0] = true;
      return now + 1;
    });
    return opened[0];
  }

  /** One of the caller's streams closed (or never opened). */
  public void closed(String caller) {
    open.computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
  }
}
