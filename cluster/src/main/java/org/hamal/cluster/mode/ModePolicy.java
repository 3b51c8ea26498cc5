package org.hamal.cluster.mode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When the mode changes by itself, with hysteresis: emergency mode begins when a trigger has held
 * for {@code enterAfterSeconds}, and ends only when every trigger has been calm for
 * {@code exitAfterSeconds} and it has lasted {@code minDwellSeconds}. A load that swings around a
 * threshold never holds long enough to switch, and a calm moment never ends an emergency. A
 * manual setting holds until released. Pure: no clock, no cluster, so it is tested alone.
 */
public final class ModePolicy {

  /**
   * @param intakeRate cluster-wide intake, new reports per second
   * @param callCenter the latest call-center report, or null
   * @param alertedAreas distinct alert areas alerted within the thresholds' window
   */
  public record Signals(double intakeRate, CallCenterLoad callCenter, int alertedAreas) {

    public Signals(double intakeRate, CallCenterLoad callCenter) {
      this(intakeRate, callCenter, 0);
    }
  }

  private final ModeThresholds t;

  public ModePolicy(ModeThresholds thresholds) {
    this.t = thresholds;
  }

  /** The state after observing {@code signals} at {@code now}; the same object when nothing changed. */
  public ModeState next(ModeState s, Signals signals, Instant now) {
    List<String[]> pressure = pressure(signals, now);
    Instant pressureSince = pressure.isEmpty() ? null : (s.pressureSince() != null ? s.pressureSince() : now);
    Instant calmSince = pressure.isEmpty() ? (s.calmSince() != null ? s.calmSince() : now) : null;
    if (!s.manual()) {
      if (s.mode() == Mode.ROUTINE
          && pressureSince != null
          && held(pressureSince, now, t.enterAfterSeconds())) {
        String[] first = pressure.get(0);
        return new ModeState(
            Mode.EMERGENCY, false, first[0], "system",
            String.join("; ", pressure.stream().map(p -> p[1]).toList())
                + " for " + t.enterAfterSeconds() + " s",
            now, pressureSince, null, s.version());
      }
      if (s.mode() == Mode.EMERGENCY
          && calmSince != null
          && held(calmSince, now, t.exitAfterSeconds())
          && held(s.since(), now, t.minDwellSeconds())) {
        return new ModeState(
            Mode.ROUTINE, false, "calm", "system",
            "every trigger calm for " + t.exitAfterSeconds() + " s",
            now, null, calmSince, s.version());
      }
    }
    if (equal(pressureSince, s.pressureSince()) && equal(calmSince, s.calmSince())) {
      return s;
    }
    return s.withTracking(pressureSince, calmSince);
  }

  /** The triggers that hold now: {kind, description}. */
  List<String[]> pressure(Signals signals, Instant now) {
    List<String[]> out = new ArrayList<>();
    if (signals.intakeRate() >= t.intakeRatePerSecond()) {
      out.add(new String[] {
          "intake-rate",
          String.format(Locale.ROOT, "intake %.0f reports/s >= %.0f", signals.intakeRate(), t.intakeRatePerSecond())});
    }
    CallCenterLoad c = signals.callCenter();
    if (c != null && Duration.between(c.at(), now).getSeconds() <= t.callCenterStaleSeconds()) {
      if (c.callsWaiting() >= t.callsWaiting()) {
        out.add(new String[] {"call-center", "call center: " + c.callsWaiting() + " calls waiting >= " + t.callsWaiting()});
      } else if (c.longestWaitSeconds() >= t.longestWaitSeconds()) {
        out.add(new String[] {"call-center", "call center: longest wait " + c.longestWaitSeconds() + " s >= " + t.longestWaitSeconds()});
      } else if (c.abandonedPerMinute() >= t.abandonedPerMinute()) {
        out.add(new String[] {"call-center", String.format(Locale.ROOT,
            "call center: %.1f abandoned/min >= %.1f", c.abandonedPerMinute(), t.abandonedPerMinute())});
      }
    }
    if (t.alertAreas() > 0 && signals.alertedAreas() >= t.alertAreas()) {
      out.add(new String[] {"alerts", "alerts in " + signals.alertedAreas() + " areas within "
          + t.alertWindowMinutes() + " min >= " + t.alertAreas()});
    }
    return out;
  }

  private static boolean held(Instant from, Instant now, int seconds) {
    return !now.isBefore(from.plusSeconds(seconds));
  }

  private static boolean equal(Instant a, Instant b) {
    return a == null ? b == null : a.equals(b);
  }
}
