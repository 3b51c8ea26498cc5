package org.hamal.gateway.config;

import java.time.Duration;

/**
 * Sign-in links for shared tablets.
 *
 * @param minTtlMinutes the shortest lifetime a link's token may be given
 * @param maxTtlHours the longest: a lost tablet's link is good for no longer than this unrevoked
 */
public record DevicesConfig(int minTtlMinutes, int maxTtlHours) {

  public Duration minTtl() {
    return Duration.ofMinutes(minTtlMinutes);
  }

  public Duration maxTtl() {
    return Duration.ofHours(maxTtlHours);
  }
}
