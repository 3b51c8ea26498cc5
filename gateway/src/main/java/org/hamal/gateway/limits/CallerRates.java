package org.hamal.gateway.limits;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Each caller's rate across the cluster, without a cluster call per request. The budget lives in
 * the cluster ({@link Budget}); a node takes a chunk of it at a time ({@code reserveMillis} of the
 * rate, at least what the request needs) and spends it locally for up to {@code holdMillis}. A
 * refusal is remembered until the budget refills, so a flood is refused locally too. Whatever the
 * nodes hold, together they never spend more than the one budget: what a node took and did not
 * spend is lost, not given twice. Thread-safe: the server verticles of a node share it.
 */
public final class CallerRates {

  /** The cluster's budgets: grants between {@code least} and {@code want}, or minus the wait in ms. */
  public interface Budget {
    Future<Long> take(String key, Rate rate, int want, int least);
  }

  /** A rate and its burst. */
  public record Rate(double perSecond, int burst) {}

  /** Local bookkeeping is dropped for quiet callers beyond this many. */
  private static final int PRUNE_ABOVE = 10_000;

  private final Budget budget;
  private final LongSupplier clock;
  private final int reserveMillis;
  private final int holdMillis;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final AtomicLong clusterCalls = new AtomicLong();

  private static final class Held {
    long reserved;
    long until;
    long refusedUntil;
  }

  public CallerRates(Budget budget, LongSupplier clock, int reserveMillis, int holdMillis) {
    this.budget = budget;
    this.clock = clock;
    this.reserveMillis = reserveMillis;
    this.holdMillis = holdMillis;
  }

  /** What a take got: {@code granted} of those asked for, and when to ask again for the rest. */
  public record Taken(int granted, long retryAfterSeconds) {}

  /**
   * Takes up to {@code n} from the caller's rate: what the node holds first, then a chunk from the
   * cluster. Those not granted may be asked for again after {@code retryAfterSeconds}.
   */
  public Future<Taken> take(String key, Rate rate, int n) {
    if (n == 0) {
      return Future.succeededFuture(new Taken(0, 0));
    }
    long now = clock.getAsLong();
    Held h = held.computeIfAbsent(key, k -> new Held());
    int local;
    synchronized (h) {
      if (h.refusedUntil > now) {
        return Future.succeededFuture(new Taken(0, seconds(h.refusedUntil - now)));
      }
      local = (int) Math.min(n, h.until > now ? h.reserved : 0);
      h.reserved -= local;
    }
    if (local == n) {
      return Future.succeededFuture(new Taken(n, 0));
    }
    prune(now);
    clusterCalls.incrementAndGet();
    int need = n - local;
    int chunk = (int) Math.min(rate.burst(), Math.max(1, Math.round(rate.perSecond() * reserveMillis / 1000.0)));
    return budget.take(key, rate, Math.max(need, chunk), 1).map(answer -> {
      long at = clock.getAsLong();
      synchronized (h) {
        if (answer < 0) {
          h.refusedUntil = at - answer;
          return new Taken(local, seconds(-answer));
        }
        int used = (int) Math.min(need, answer);
        h.reserved = (h.until > at ? h.reserved : 0) + answer - used;
        h.until = at + holdMillis;
        return used == need ? new Taken(n, 0)
            : new Taken(local + used, seconds(Math.round((need - used) * 1000 / rate.perSecond())));
      }
    });
  }

  /** How many times this node asked the cluster (for tests and benchmarks: far fewer than reports). */
  public long clusterCalls() {
    return clusterCalls.get();
  }

  private void prune(long now) {
    if (held.size() > PRUNE_ABOVE) {
      held.values().removeIf(h -> h.until <= now && h.refusedUntil <= now);
    }
  }

  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
