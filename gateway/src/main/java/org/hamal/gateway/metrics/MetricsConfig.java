package org.hamal.gateway.metrics;

import java.util.Locale;

/**
 * {@code GET /metrics} and what feeds it.
 *
 * @param access who may read it: {@code loopback} (requests from 127.0.0.1 or ::1, no token) or
 *     {@code role} (a bearer token with {@code role})
 * @param role the role a token needs when {@code access} is {@code role}
 * @param clusterCheckSeconds how often the cluster's partition safety is asked (it asks other
 *     members: off the event loop, and never per scrape)
 * @param eventLoopProbeMillis how often each event loop is probed for its delay
 */
public record MetricsConfig(String access, String role, int clusterCheckSeconds, int eventLoopProbeMillis) {

  /** Who may read the metrics. */
  public enum Access { LOOPBACK, ROLE }

  public MetricsConfig {
    parse(access);
    if (org.hamal.gateway.auth.Role.fromWire(role).isEmpty()) {
      throw new IllegalArgumentException("metrics.role must name a role, not " + role);
    }
    if (clusterCheckSeconds < 1 || eventLoopProbeMillis < 10) {
      throw new IllegalArgumentException(
          "metrics.clusterCheckSeconds must be at least 1 and metrics.eventLoopProbeMillis at least 10");
    }
  }

  /** The role a token needs when access is {@code role}. */
  public org.hamal.gateway.auth.Role requiredRole() {
    return org.hamal.gateway.auth.Role.fromWire(role).orElseThrow();
  }

  public Access accessMode() {
    return parse(access);
  }

  private static Access parse(String access) {
    try {
      return Access.valueOf(access.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("metrics.access must be loopback or role, not " + access, e);
    }
  }
}
