package org.hamal.gateway.config;

import java.time.Duration;

/**
 * Sign-in links for shared tablets.
 *
 * @param minTtlMinutes the shortest lifetime a link's token may be given
 * @param maxTtlHours the longest: a lost tablet's link is good for no longer than this unrevoked
 * @param maxDistrictsPerLink a link's token names at most this many districts (it must fit a QR code)
 * @param revocationRefreshSeconds every node reads the revoked links from the store this often: a
 *     revocation whose cluster event a node missed is refused there at the latest this much later
 */
public record DevicesConfig(int minTtlMinutes, int maxTtlHours, int maxDistrictsPerLink, int revocationRefreshSeconds) {

  public DevicesConfig {
    if (minTtlMinutes < 1 || maxTtlHours < 1 || maxDistrictsPerLink < 1 || revocationRefreshSeconds < 1) {
      throw new IllegalArgumentException("devices: lifetimes, limits and intervals must be positive");
    }
  }

  public Duration minTtl() {
    return Duration.ofMinutes(minTtlMinutes);
  }

  public Duration maxTtl() {
    return Duration.ofHours(maxTtlHours);
  }

  public Duration revocationRefresh() {
    return Duration.ofSeconds(revocationRefreshSeconds);
  }

  /** True when a link's token may live this long. */
  public boolean allows(Duration ttl) {
    return ttl.compareTo(minTtl()) >= 0 && ttl.compareTo(maxTtl()) <= 0;
  }
}
