package org.hamal.cluster.mode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModePolicyTest {

  /** Enter after 10 s of pressure; leave after 30 s of calm and at least 60 s in emergency. */
  private final ModePolicy policy =
      new ModePolicy(new ModeThresholds(10, 30, 60, 500, 100, 40, 180, 20, 120, 1000, 2, 10));
  private final Instant t0 = Instant.parse("2026-11-24T20:00:00Z");

  private ModeState run(ModeState s, double[] ratePerSecond, int fromSecond) {
    for (int i = 0; i < ratePerSecond.length; i++) {
      s = policy.next(s, new ModePolicy.Signals(ratePerSecond[i], null), t0.plusSeconds(fromSecond + i));
    }
    return s;
  }

  private static double[] constant(double rate, int seconds) {
    double[] r = new double[seconds];
    java.util.Arrays.fill(r, rate);
    return r;
  }

  @Test
  void pressureMustHoldForTheEnterTimeAndCalmForTheExitTimeAndTheDwell() {
    ModeState s = ModeState.initial(t0);
    s = run(s, constant(600, 10), 0); // seconds 0..9: not yet 10 s held
    assertThat(s.mode()).isEqualTo(Mode.ROUTINE);
    s = run(s, constant(600, 1), 10); // second 10: held 10 s
    assertThat(s.mode()).isEqualTo(Mode.EMERGENCY);
    assertThat(s.trigger()).isEqualTo("intake-rate");
    assertThat(s.reason()).contains("600 reports/s");
    Instant entered = s.since();

    s = run(s, constant(100, 40), 11); // calm 40 s, but only 50 s since entering
    assertThat(s.mode()).isEqualTo(Mode.EMERGENCY);
    s = run(s, constant(100, 30), 51); // by second 71: dwell 60 s reached and calm held
    assertThat(s.mode()).isEqualTo(Mode.ROUTINE);
    assertThat(s.trigger()).isEqualTo("calm");
    assertThat(s.since()).isAfter(entered);
  }

  @Test
  void aLoadSwingingAroundTheThresholdDoesNotFlap() {
    ModeState s = ModeState.initial(t0);
    double[] swing = new double[600];
    for (int i = 0; i < swing.length; i++) {
      swing[i] = (i / 5) % 2 == 0 ? 520 : 480; // 5 s above, 5 s below, for ten minutes
    }
    s = run(s, swing, 0);
    assertThat(s.mode()).isEqualTo(Mode.ROUTINE);

    // Once in emergency, the same swing never leaves 30 s of calm: it stays.
    s = run(s, constant(900, 11), 600);
    assertThat(s.mode()).isEqualTo(Mode.EMERGENCY);
    s = run(s, swing, 611);
    assertThat(s.mode()).isEqualTo(Mode.EMERGENCY);
  }

  @Test
  void theCallCenterTriggersAndAStaleReportDoesNot() {
    ModeState s = ModeState.initial(t0);
    CallCenterLoad jammed = new CallCenterLoad(55, 30, 2, 3, t0);
    for (int i = 0; i <= 10; i++) {
      s = policy.next(s, new ModePolicy.Signals(0, jammed), t0.plusSeconds(i));
    }
    assertThat(s.mode()).isEqualTo(Mode.EMERGENCY);
    assertThat(s.trigger()).isEqualTo("call-center");
    assertThat(s.reason()).contains("55 calls waiting");

    ModeState fresh = ModeState.initial(t0);
    CallCenterLoad old = new CallCenterLoad(55, 30, 2, 3, t0.minusSeconds(600));
    for (int i = 0; i <= 20; i++) {
      fresh = policy.next(fresh, new ModePolicy.Signals(0, old), t0.plusSeconds(i));
    }
    assertThat(fresh.mode()).isEqualTo(Mode.ROUTINE);
  }

  @Test
  void aManualSettingHoldsAgainstTheTriggers() {
    ModeState manualRoutine =
        new ModeState(Mode.ROUTINE, true, "manual", "supervisor", "drill over", t0, null, null, 1);
    ModeState s = run(manualRoutine, constant(5000, 120), 0);
    assertThat(s.mode()).isEqualTo(Mode.ROUTINE);
    assertThat(s.manual()).isTrue();

    ModeState manualEmergency =
        new ModeState(Mode.EMERGENCY, true, "manual", "supervisor", "barrage expected", t0, null, null, 1);
    s = run(manualEmergency, constant(0, 600), 0);
    assertThat(s.mode()).isEqualTo(Mode.EMERGENCY);
  }

  @Test
  void nothingChangesWhenNothingHappens() {
    ModeState s = policy.next(ModeState.initial(t0), new ModePolicy.Signals(0, null), t0);
    assertThat(policy.next(s, new ModePolicy.Signals(0, null), t0.plusSeconds(1))).isSameAs(s);
  }

  @Test
  void alertsInEnoughAreasAreATriggerWithTheSameHysteresis() {
    // The policy under test counts 2 areas as pressure (2 in the thresholds above).
    Instant t0 = Instant.parse("2026-12-07T16:00:00Z");
    ModeState s = ModeState.initial(t0);
    for (int i = 0; i < 30; i++) {
      s = policy.next(s, new ModePolicy.Signals(0, null, 1), t0.plusSeconds(i));
    }
    assertThat(s.mode()).as("one area is below the threshold").isEqualTo(Mode.ROUTINE);
    for (int i = 30; i <= 40; i++) {
      s = policy.next(s, new ModePolicy.Signals(0, null, 2), t0.plusSeconds(i));
    }
    assertThat(s.mode()).isEqualTo(Mode.EMERGENCY);
    assertThat(s.trigger()).isEqualTo("alerts");
    assertThat(s.reason()).contains("alerts in 2 areas within 10 min");
    // The alerts age out of the window: the emergency ends only after the calm and the dwell.
    for (int i = 41; i < 41 + 59; i++) {
      s = policy.next(s, new ModePolicy.Signals(0, null, 0), t0.plusSeconds(i));
    }
    assertThat(s.mode()).as("within the minimum dwell").isEqualTo(Mode.EMERGENCY);
    for (int i = 100; i < 130; i++) {
      s = policy.next(s, new ModePolicy.Signals(0, null, 0), t0.plusSeconds(i));
    }
    assertThat(s.mode()).isEqualTo(Mode.ROUTINE);
  }
}
