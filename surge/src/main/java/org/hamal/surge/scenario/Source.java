package org.hamal.surge.scenario;

/**
 * A Poisson source of reports active from {@code startSeconds} to {@code endSeconds} of the run;
 * its profile's time is relative to its start.
 */
public record Source(
    String name, RateProfile profile, double startSeconds, double endSeconds,
    PayloadGenerator payloads) {

  public double rateAt(double runSeconds) {
    if (runSeconds < startSeconds || runSeconds >= endSeconds) {
      return 0;
    }
    return profile.rateAt(runSeconds - startSeconds);
  }
}
