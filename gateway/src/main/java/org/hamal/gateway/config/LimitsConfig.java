package org.hamal.gateway.config;

/**
 * Limits per caller (docs/security.md, "Limits per caller").
 *
 * @param intake reports per token subject, counted cluster-wide
 * @param liveConnectionsPerCaller live streams one token subject may hold open on a node
 * @param anonymous requests without a token, per source address, counted on each node
 */
public record LimitsConfig(IntakeLimits intake, int liveConnectionsPerCaller, AnonymousLimits anonymous) {

  public LimitsConfig {
    if (intake == null || anonymous == null || liveConnectionsPerCaller < 1) {
      throw new IllegalArgumentException("limits: intake and anonymous are required, liveConnectionsPerCaller at least 1");
    }
  }

  /**
   * @param reportsPerSecond what one caller may file a second, sustained
   * @param burst what it may file at once after a quiet spell
   * @param lifeSafetyPerSecond a separate allowance for life-safety reports (priority at least
   *     admission.lifeSafetyPriority), taken first, that a flood of other reports cannot use up
   * @param lifeSafetyBurst its burst
   * @param relayFactor an intake token (a call centre, a gateway relaying many residents) gets
   *     this many times each of the above
   * @param reserveMillis a node takes this many milliseconds of a caller's rate from the cluster's
   *     budget at a time, and spends it locally: no cluster call per report
   * @param holdMillis how long a node keeps what it took and did not spend
   * @param clusterTimeoutMillis how long a report waits for the cluster's budget before it goes
   *     ahead unchecked: while a member dies and partitions move, a limit must not hold reports
   */
  public record IntakeLimits(
      double reportsPerSecond, int burst, double lifeSafetyPerSecond, int lifeSafetyBurst, int relayFactor,
      int reserveMillis, int holdMillis, int clusterTimeoutMillis) {

    public IntakeLimits {
      if (reportsPerSecond <= 0 || burst < 1 || lifeSafetyPerSecond <= 0 || lifeSafetyBurst < 1 || relayFactor < 1
          || reserveMillis < 1 || holdMillis < reserveMillis || clusterTimeoutMillis < 1) {
        throw new IllegalArgumentException(
            "limits.intake: rates and bursts must be positive, holdMillis at least reserveMillis");
      }
    }
  }

  /**
   * @param requestsPerSecond requests without a token one source address may make a second
   * @param burst how many at once (a page and its files load together)
   * @param maxAddresses addresses tracked at most; the quiet ones are forgotten first
   */
  public record AnonymousLimits(double requestsPerSecond, int burst, int maxAddresses) {

    public AnonymousLimits {
      if (requestsPerSecond <= 0 || burst < 1 || maxAddresses < 1) {
        throw new IllegalArgumentException("limits.anonymous: rates, bursts and maxAddresses must be positive");
      }
    }
  }
}
