package org.hamal.gateway.limits;

import io.vertx.core.Future;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.config.LimitsConfig.IntakeLimits;

/**
 * The reports a caller may file now: life-safety ones from their own allowance first, then from
 * the caller's rate, which they share with every other report (docs/security.md, "Limits per
 * caller"). The admin token is not limited.
 */
public final class IntakeRates {

  private static final String LIFE_SAFETY = "#life-safety";

  private final IntakeLimits config;
  private final CallerRates rates;

  public IntakeRates(IntakeLimits config, CallerRates rates) {
    this.config = config;
    this.rates = rates;
  }

  /**
   * How many of them may go: life-safety ones before the others.
   *
   * @param retryAfterSeconds when to send the rest again; 0 when all may go
   */
  public record Allowed(int lifeSafety, int other, long retryAfterSeconds) {}

  public Future<Allowed> take(Caller caller, int lifeSafety, int other) {
    if (caller.has(Role.ADMIN)) {
      return Future.succeededFuture(new Allowed(lifeSafety, other, 0));
    }
    int factor = factor(caller);
    String key = "intake:" + caller.subject();
    var life = new CallerRates.Rate(config.lifeSafetyPerSecond() * factor, config.lifeSafetyBurst() * factor);
    var rate = new CallerRates.Rate(config.reportsPerSecond() * factor, config.burst() * factor);
    Future<CallerRates.Taken> first;
    try {
      first = rates.take(key + LIFE_SAFETY, life, lifeSafety);
    } catch (RuntimeException clusterDown) {
      return Future.failedFuture(clusterDown); // the caller lets the report go ahead
    }
    return first.compose(own -> {
      int lifeLeft = lifeSafety - own.granted();
      return rates.take(key, rate, lifeLeft + other).map(shared -> {
        int lifeFromShared = Math.min(lifeLeft, shared.granted());
        boolean all = shared.granted() == lifeLeft + other;
        return new Allowed(own.granted() + lifeFromShared, shared.granted() - lifeFromShared,
            all ? 0 : Math.max(1, shared.retryAfterSeconds()));
      });
    });
  }

  /** Reports a second one caller may file, sustained. */
  public double perSecond(Caller caller) {
    return config.reportsPerSecond() * factor(caller);
  }

  /** The node's count of cluster calls, for tests and benchmarks. */
  public long clusterCalls() {
    return rates.clusterCalls();
  }

  private int factor(Caller caller) {
    return caller.has(Role.INTAKE) ? config.relayFactor() : 1;
  }
}
