package org.hamal.cluster.patrollers;

import java.time.Duration;
import org.hamal.cluster.processors.MovePatroller;

/**
 * How patrollers' positions are kept ({@code patrollers} in the configuration).
 *
 * @param minIntervalSeconds a patroller's position is taken at most once per this interval; a
 *     faster tablet is told when to try again
 * @param trailPoints the trail keeps at most this many recent positions
 * @param trailMinutes and only those this recent
 * @param forgetAfterMinutes a patroller not heard from this long is forgotten (off duty)
 * @param staleMinutes the ops map greys a patroller not heard from this long
 * @param accuracyMaxM a position whose accuracy is worse than this many metres is refused
 */
public record PatrollerOptions(
    int minIntervalSeconds, int trailPoints, int trailMinutes, int forgetAfterMinutes, int staleMinutes,
    double accuracyMaxM) {

  public PatrollerOptions {
    if (minIntervalSeconds < 0 || trailPoints < 1 || trailMinutes < 1 || forgetAfterMinutes < 1 || staleMinutes < 1
        || !(accuracyMaxM > 0)) {
      throw new IllegalArgumentException("patrollers: intervals and sizes must be positive");
    }
  }

  public Duration trailWindow() {
    return Duration.ofMinutes(trailMinutes);
  }

  public Duration forgetAfter() {
    return Duration.ofMinutes(forgetAfterMinutes);
  }

  /** The limits a {@link MovePatroller} applies on the partition owner. */
  MovePatroller.Limits limits() {
    return new MovePatroller.Limits(
        minIntervalSeconds * 1000L, trailPoints, trailWindow().toMillis(), forgetAfter().toMillis());
  }
}
