package org.hamal.gateway.keys;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.hamal.gateway.auth.Caller;

/**
 * The rate of each API key that has one, counted on this node: in whole minutes (a key may file
 * {@code ratePerMinute} reports in each clock minute). A cluster of n nodes behind a balancer lets
 * a key through at most n times its rate; a limit per node needs no cluster call per report. One
 * window is kept per key with a rate (a few dozen keys), so none is ever dropped.
 */
public final class KeyRates {

  private static final long MINUTE_MS = 60_000;

  private final LongSupplier clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private record Window(long minute, int taken) {}

  public KeyRates(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Takes one report from the caller's rate: empty when it may file it, else the seconds until it
   * may file again. Callers without a rate are never counted.
   */
  public OptionalLong take(Caller caller) {
    Integer rate = caller.limits().ratePerMinute();
    if (rate == null || caller.tokenId() == null) {
      return OptionalLong.empty();
    }
    long now = clock.getAsLong();
    long minute = now / MINUTE_MS;
    Window after = windows.compute(caller.tokenId(), (jti, w) -> w == null || w.minute() != minute
        ? new Window(minute, 1)
        : new Window(minute, Math.min(w.taken() + 1, rate + 1)));
    if (after.taken() <= rate) {
      return OptionalLong.empty();
    }
    long untilNextMinute = (minute + 1) * MINUTE_MS - now;
    return OptionalLong.of(Math.max(1, (untilNextMinute + 999) / 1000));
  }
}
