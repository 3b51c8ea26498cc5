package org.hamal.surge;

import java.io.PrintStream;
import java.util.Locale;
import org.hamal.surge.audit.Ledger;
import org.hamal.surge.load.Metrics;
import org.hamal.surge.load.Pacer;
import org.hamal.surge.scenario.Scenario;

/**
 * Closes a metrics interval about once a second and shows it: a progress bar with the live rates,
 * latencies and errors on stderr (rewritten in place on a terminal, a line a second otherwise).
 */
final class Progress {

  private static final int BAR = 20;

  private final Scenario scenario;
  private final Metrics metrics;
  private final Pacer pacer;
  private final Ledger ledger;
  private final PrintStream err;
  private final boolean show;
  private final boolean terminal = System.console() != null;
  private long start;

  Progress(Scenario scenario, Metrics metrics, Pacer pacer, Ledger ledger, PrintStream err, boolean show) {
    this.scenario = scenario;
    this.metrics = metrics;
    this.pacer = pacer;
    this.ledger = ledger;
    this.err = err;
    this.show = show;
  }

  void start(long startNanos) {
    this.start = startNanos;
  }

  synchronized void tick() {
    double t = (System.nanoTime() - start) / 1e9;
    Metrics.Point p = metrics.tick(t, scenario.targetRateAt(Math.max(0, t - 0.5)), pacer.inFlight());
    if (!show) {
      return;
    }
    double d = scenario.durationSeconds();
    int filled = (int) Math.min(BAR, Math.round(BAR * t / d));
    long[] deliveries = ledger.progress();
    String line =
        String.format(Locale.ROOT,
            "[%4.0f/%.0f s] %s offered %6.1f/s acked %6.1f/s  ack p99 %7.1f ms  screen p99 %7.1f ms  in flight %4d  errors %d  deliveries %d/%d",
            t, d, "#".repeat(filled) + "-".repeat(BAR - filled), p.offeredRate(), p.ackedRate(),
            p.ackP99(), p.deliveryP99(), p.inFlight(), metrics.errors(), deliveries[1], deliveries[0]);
    if (terminal) {
      err.print("\r" + line);
    } else {
      err.println(line);
    }
    err.flush();
  }

  void end() {
    if (show && terminal) {
      err.println();
    }
  }
}
