package org.hamal.surge.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hamal.surge.scenario.PayloadGenerator;
import org.hamal.surge.scenario.RateProfile;
import org.hamal.surge.scenario.ReportSpec;
import org.hamal.surge.scenario.Scenario;
import org.hamal.surge.scenario.Source;
import org.junit.jupiter.api.Test;

class PacerTest {

  private static final PayloadGenerator SAME =
      (t, r) -> new ReportSpec("pothole", "bor", 34.57, 31.67, "web", null, null, null);

  private static Scenario constant(double rate, double seconds) {
    return new Scenario(
        "test", seconds, List.of(new Source("s", RateProfile.constant(rate), 0, seconds, SAME)),
        new JsonObject());
  }

  /** Records when each send was issued, by the fake clock, and never answers unless told. */
  private static final class Recording implements Dispatcher {
    final FakeClock clock;
    final boolean answer;
    final List<long[]> issued = new ArrayList<>(); // {clock at dispatch, scheduled, size}
    final List<Send> sends = new ArrayList<>();

    Recording(FakeClock clock, boolean answer) {
      this.clock = clock;
      this.answer = answer;
    }

    @Override
    public void dispatch(Send send, Runnable done) {
      for (Send.Item i : send.items()) {
        issued.add(new long[] {clock.nanoTime(), i.scheduledNanos(), send.size()});
      }
      sends.add(send);
      if (answer) {
        done.run();
      }
    }
  }

  private static Pacer.Options options(int batchSize, double batchMix, int maxInFlight) {
    return new Pacer.Options(batchSize, batchMix, TimeUnit.MILLISECONDS.toNanos(100), maxInFlight, 42);
  }

  @Test
  void poissonArrivalsHaveTheRateAndExponentialGapsAndAreIssuedOnTime() throws Exception {
    FakeClock clock = new FakeClock();
    Recording d = new Recording(clock, true);
    Metrics metrics = new Metrics();
    Pacer pacer = new Pacer(clock, d, metrics, options(1, 0, 1_000_000));

    pacer.run(constant(100, 600).arrivals(7));

    int n = d.issued.size();
    // 60,000 expected; a Poisson count has a standard deviation of about 245.
    assertThat(n).isBetween(60_000 - 1_225, 60_000 + 1_225);
    assertThat(metrics.offered()).isEqualTo(n);
    double[] gaps = new double[n - 1];
    for (int i = 1; i < n; i++) {
      gaps[i - 1] = (d.issued.get(i)[1] - d.issued.get(i - 1)[1]) / 1e9;
    }
    double mean = 0;
    for (double g : gaps) {
      mean += g;
    }
    mean /= gaps.length;
    double var = 0;
    for (double g : gaps) {
      var += (g - mean) * (g - mean);
    }
    double cv = Math.sqrt(var / gaps.length) / mean;
    assertThat(mean).isCloseTo(0.010, within(0.0003));
    // Exponential gaps: standard deviation equals the mean.
    assertThat(cv).isCloseTo(1.0, within(0.03));
    // Fraction of gaps under the mean: 1 - 1/e for an exponential.
    double under = 0;
    for (double g : gaps) {
      under += g < mean ? 1 : 0;
    }
    assertThat(under / gaps.length).isCloseTo(1 - Math.exp(-1), within(0.01));
    for (long[] i : d.issued) {
      assertThat(i[0]).isEqualTo(i[1]); // issued exactly at the scheduled time
    }
    assertThat(pacer.maxLagNanos()).isZero();
  }

  @Test
  void neverWaitsForAnswersAndDropsOverTheInFlightCap() throws Exception {
    FakeClock clock = new FakeClock();
    Recording neverAnswers = new Recording(clock, false);
    Metrics metrics = new Metrics();
    Pacer pacer = new Pacer(clock, neverAnswers, metrics, options(1, 0, 50));

    pacer.run(constant(200, 1).arrivals(3));

    long offered = metrics.offered();
    assertThat(offered).isGreaterThan(100);
    // Open loop: the first 50 went out on schedule though none was answered; the rest were
    // dropped at their own scheduled times, never delayed.
    assertThat(neverAnswers.issued).hasSize(50);
    neverAnswers.issued.forEach(i -> assertThat(i[0]).isEqualTo(i[1]));
    assertThat(pacer.inFlight()).isEqualTo(50);
    assertThat(metrics.errorKinds()).containsEntry("dropped_in_flight_cap", offered - 50);
    assertThat(pacer.awaitIdle(0, TimeUnit.MILLISECONDS)).isFalse();
  }

  @Test
  void batchesFillUpOrLingerAndKeepEachItemsScheduledTime() {
    FakeClock clock = new FakeClock();
    Recording d = new Recording(clock, true);
    Pacer fast = new Pacer(clock, d, new Metrics(), options(10, 1.0, 1_000_000));
    fast.run(constant(1_000, 10).arrivals(5));
    long batches = d.sends.stream().filter(Send::batch).count();
    assertThat(d.sends).allMatch(Send::batch);
    // At 1,000/s a batch of 10 fills in about 10 ms, well before the 100 ms linger.
    assertThat(d.sends.stream().filter(s -> s.size() == 10).count()).isGreaterThanOrEqualTo(batches - 1);
    for (long[] i : d.issued) {
      assertThat(i[0]).isGreaterThanOrEqualTo(i[1]); // sent when the batch filled
      assertThat(i[0] - i[1]).isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    FakeClock slowClock = new FakeClock();
    Recording slow = new Recording(slowClock, true);
    new Pacer(slowClock, slow, new Metrics(), options(10, 1.0, 1_000_000)).run(constant(1, 60).arrivals(5));
    // At 1/s a batch never fills: each goes out when its first report has waited the linger.
    assertThat(slow.sends).isNotEmpty().allMatch(s -> s.batch() && s.size() < 10);
    assertThat(slow.sends.stream().filter(s -> s.size() == 1).count()).isGreaterThan(slow.sends.size() / 2);
    int at = 0;
    for (Send s : slow.sends) {
      long[] first = slow.issued.get(at);
      assertThat(first[0] - first[1]).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
      at += s.size();
    }
  }

  @Test
  void batchMixSendsThatFractionOfReportsInBatches() {
    FakeClock clock = new FakeClock();
    Recording d = new Recording(clock, true);
    new Pacer(clock, d, new Metrics(), options(5, 0.3, 1_000_000)).run(constant(500, 40).arrivals(9));
    long inBatches = d.sends.stream().filter(Send::batch).mapToLong(Send::size).sum();
    long all = d.sends.stream().mapToLong(Send::size).sum();
    assertThat((double) inBatches / all).isCloseTo(0.3, within(0.02));
  }

  @Test
  void stopEndsIssuing() {
    FakeClock clock = new FakeClock();
    Metrics metrics = new Metrics();
    Pacer[] pacer = new Pacer[1];
    List<Send> sent = new ArrayList<>();
    pacer[0] =
        new Pacer(clock, (send, done) -> {
          sent.add(send);
          if (sent.size() == 10) {
            pacer[0].stop();
          }
          done.run();
        }, metrics, options(1, 0, 100));
    pacer[0].run(constant(100, 60).arrivals(1));
    assertThat(sent).hasSize(10);
    assertThat(pacer[0].stopped()).isTrue();
  }
}
