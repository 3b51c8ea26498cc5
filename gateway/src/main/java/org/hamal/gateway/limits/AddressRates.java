package org.hamal.gateway.limits;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.hamal.gateway.config.LimitsConfig.AnonymousLimits;

/**
 * Requests without a token, per source address, on this node: a token bucket per address kept as
 * the time it would be full again. Counted locally, as the connection limits are: what needs no
 * token is cheap, and a cluster call would cost more than serving it.
 */
public final class AddressRates {

  private final long intervalNanos;
  private final long burstNanos;
  private final int maxAddresses;
  private final LongSupplier nanos;
  private final Map<String, AtomicLong> full = new ConcurrentHashMap<>();
  /** Where addresses beyond maxAddresses share one bucket: the map never grows past its bound. */
  private final AtomicLong overflow;
  /** When the map was last swept of full buckets: at most once a second, never per request. */
  private final AtomicLong swept;

  private static final long SWEEP_NANOS = 1_000_000_000L;

  public AddressRates(AnonymousLimits limits, LongSupplier nanos) {
    this.intervalNanos = Math.max(1, Math.round(1e9 / limits.requestsPerSecond()));
    this.burstNanos = intervalNanos * limits.burst();
    this.maxAddresses = limits.maxAddresses();
    this.nanos = nanos;
    long now = nanos.getAsLong();
    this.overflow = new AtomicLong(now);
    this.swept = new AtomicLong(now - SWEEP_NANOS);
  }

  /** Takes one request: empty when it may go ahead, else the seconds until it may. */
  public OptionalLong take(String address) {
    long now = nanos.getAsLong();
    AtomicLong at = full.get(address);
    if (at == null) {
      long last = swept.get();
      if (full.size() >= maxAddresses && now - last >= SWEEP_NANOS && swept.compareAndSet(last, now)) {
        // Forget the addresses whose buckets are full again: they are as good as new.
        full.values().removeIf(bucket -> bucket.get() <= now);
      }
      at = full.size() < maxAddresses ? full.computeIfAbsent(address, a -> new AtomicLong(now)) : overflow;
    }
    while (true) {
      long before = at.get();
      long after = Math.max(before, now) + intervalNanos;
      if (after - now > burstNanos) {
        return OptionalLong.of(Math.max(1, (after - now - burstNanos + 999_999_999) / 1_000_000_000));
      }
      if (at.compareAndSet(before, after)) {
        return OptionalLong.empty();
      }
    }
  }
}
