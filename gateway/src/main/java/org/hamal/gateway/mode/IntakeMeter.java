package org.hamal.gateway.mode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the valid reports arriving at this node, for the cluster-wide intake rate, by caller
 * (token subject) and district: what one caller sends into one district counts up to {@code
 * capPerCallerAndDistrict} a second. One patroller's token posting 80 reports a second is not an
 * emergency; many callers, or one gateway relaying residents across the city, are. Counted on
 * arrival rather than on commit, so a node whose store lags behind still shows its true load.
 * A report whose caller is unknown (an intake gateway relaying an anonymous resident) counts in
 * full: each is a resident of its own.
 */
public final class IntakeMeter {

  /** The key of reports counted in full, whatever their district. */
  private static final String UNCAPPED = "\u0001";

  private final double capPerCallerAndDistrict;
  private final AtomicReference<Map<String, AtomicLong>> counts = new AtomicReference<>(new ConcurrentHashMap<>());
  private long lastAt = System.nanoTime();

  /** @param capPerCallerAndDistrict reports per second one caller adds in one district, at most */
  public IntakeMeter(double capPerCallerAndDistrict) {
    this.capPerCallerAndDistrict = capPerCallerAndDistrict;
  }

  /** @param caller who sent the report, or null when unknown: then it is not capped */
  public void arrived(String caller, String district) {
    String key = caller == null ? UNCAPPED : caller + '\u0000' + district;
    counts.get().computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  /** Reports per second since the previous call, each caller's share per district capped; one thread only. */
  double ratePerSecond() {
    long now = System.nanoTime();
    Map<String, AtomicLong> window = counts.getAndSet(new ConcurrentHashMap<>());
    double seconds = Math.max(1e-3, (now - lastAt) / 1e9);
    lastAt = now;
    double rate = 0;
    for (Map.Entry<String, AtomicLong> e : window.entrySet()) {
      double perSecond = e.getValue().get() / seconds;
      rate += UNCAPPED.equals(e.getKey()) ? perSecond : Math.min(perSecond, capPerCallerAndDistrict);
    }
    return rate;
  }
}
