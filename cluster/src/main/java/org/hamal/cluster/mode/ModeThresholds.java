package org.hamal.cluster.mode;

/**
 * When the mode changes by itself.
 *
 * @param enterAfterSeconds a trigger must hold this long before emergency mode begins
 * @param exitAfterSeconds every trigger must be calm this long before it ends
 * @param minDwellSeconds and it lasts at least this long once begun
 * @param intakeRatePerSecond new reports per second, summed over the cluster, that count as
 *     pressure
 * @param intakeRatePerCallerAndDistrict what one caller's reports in one district add to that
 *     rate at most: an emergency is many callers, or reports across districts, never one caller's
 *     volume (a gateway relaying residents across the city still counts in full)
 * @param callsWaiting calls queued at the call center that count as overload
 * @param longestWaitSeconds a caller waiting this long counts as overload
 * @param abandonedPerMinute callers hanging up unanswered at this rate count as overload
 * @param callCenterStaleSeconds a call-center report older than this is ignored (the telephony
 *     system stopped reporting: no news is not bad news)
 * @param tickMillis how often the oldest member evaluates the triggers
 * @param alertAreas Home Front Command alert areas alerted within {@code alertWindowMinutes} that
 *     count as pressure (1: any alert); 0 turns the trigger off
 * @param alertWindowMinutes how far back alerts count
 */
public record ModeThresholds(
    int enterAfterSeconds,
    int exitAfterSeconds,
    int minDwellSeconds,
    double intakeRatePerSecond,
    double intakeRatePerCallerAndDistrict,
    int callsWaiting,
    int longestWaitSeconds,
    double abandonedPerMinute,
    int callCenterStaleSeconds,
    int tickMillis,
    int alertAreas,
    int alertWindowMinutes) {}
