package org.hamal.gateway.mode;

import java.util.Map;

/**
 * Response times: how long a report may stay {@code new} (no one has acknowledged it) by
 * priority, in routine and in emergency mode. A deferred report's clock is paused.
 *
 * @param routineMinutes minutes by priority (1..5) in routine mode
 * @param emergencyMinutes minutes by priority in emergency mode
 * @param checkSeconds how often the oldest member looks for breaches
 */
public record SlaConfig(
    Map<Integer, Integer> routineMinutes, Map<Integer, Integer> emergencyMinutes, int checkSeconds) {

  public SlaConfig {
    routineMinutes = Map.copyOf(routineMinutes);
    emergencyMinutes = Map.copyOf(emergencyMinutes);
  }
}
