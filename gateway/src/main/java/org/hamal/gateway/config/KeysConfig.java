package org.hamal.gateway.config;

import java.time.Duration;

/**
 * API keys and revocation.
 *
 * @param defaultTtlDays a key's lifetime unless its creator says otherwise
 * @param maxTtlDays the longest a key may live unrevoked
 * @param maxRatePerMinute the highest rate a key may be given
 * @param jtiOnlyKeepDays a token revoked by its jti alone (its expiry unknown: not a key nor a
 *     device link) is refused this long; revoke by the token itself to keep it exactly until it expires
 */
public record KeysConfig(int defaultTtlDays, int maxTtlDays, int maxRatePerMinute, int jtiOnlyKeepDays) {

  public KeysConfig {
    if (defaultTtlDays < 1 || maxTtlDays < defaultTtlDays || maxRatePerMinute < 1 || jtiOnlyKeepDays < 1) {
      throw new IllegalArgumentException(
          "keys: lifetimes and rates must be positive, and defaultTtlDays at most maxTtlDays");
    }
  }

  public Duration jtiOnlyKeep() {
    return Duration.ofDays(jtiOnlyKeepDays);
  }
}
