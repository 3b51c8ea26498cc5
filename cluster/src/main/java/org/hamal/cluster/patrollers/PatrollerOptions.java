package org.hamal.cluster.patrollers;

/**
 * How patrollers' positions are kept ({@code patrollers} in the configuration).
 *
 * @param minIntervalSeconds a patroller's position is taken at most once per this interval; a
 *     faster tablet is told when to try again
 * @param trailPoints the trail keeps at most this many recent positions
 * @param trailMinutes and only those this recent
 * @param forgetAfterMinutes a patroller not heard from this long is forgotten (off duty)
 */
public record PatrollerOptions(int minIntervalSeconds, int trailPoints, int trailMinutes, int forgetAfterMinutes) {

  public PatrollerOptions {
    if (minIntervalSeconds < 0 || trailPoints < 1 || trailMinutes < 1 || forgetAfterMinutes < 1) {
      throw new IllegalArgumentException("patrollers: intervals and sizes must be positive");
    }
  }
}
