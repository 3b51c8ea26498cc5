package org.hamal.surge;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.hamal.surge.scenario.ScenarioOptions;
import org.hamal.surge.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code surge run SCENARIO [options]}: the options, checked, handed to {@link Run}. */
@Command(
    name = "run",
    exitCodeOnInvalidInput = Surge.EXIT_USAGE,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run a load scenario against Hamal nodes, audit for loss, and write results.json and report.html.",
      "Scenarios: routine-day, rocket-barrage, storm, ramp, custom.",
      "Exit code: 0 audit passed, 1 the run could not be carried out, 2 the loss audit failed."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "routine-day, rocket-barrage, storm, ramp or custom")
  String scenario;

  @Mixin NodeOptions nodes;

  @Option(names = "--rate", description = "reports per second: the mean (routine-day, storm, custom), the base (ramp) or the background (rocket-barrage)")
  Double rate;

  @Option(names = "--duration", converter = Durations.class, defaultValue = "60s",
      description = "how long arrivals are scheduled, e.g. 30s, 5m (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--connections", defaultValue = "256", description = "HTTP connections per node (default: ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--max-in-flight", defaultValue = "20000",
      description = "reports in flight at most; arrivals over it are dropped and counted as errors (default: ${DEFAULT-VALUE})")
  int maxInFlight;

  @Option(names = "--timeout", converter = Durations.class, defaultValue = "10s",
      description = "request timeout (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--batch-size", defaultValue = "1",
      description = "above 1, send reports through batch intake (POST /api/v1/reports:batch) in batches of this size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--batch-mix", defaultValue = "0.5",
      description = "with --batch-size > 1, the fraction of reports that go in batches (default: ${DEFAULT-VALUE})")
  double batchMix;

  @Option(names = "--batch-linger", converter = Durations.class, defaultValue = "100ms",
      description = "a batch that is not full is sent once its first report waited this long (default: ${DEFAULT-VALUE})")
  Duration batchLinger;

  @Option(names = "--idempotent-retries", defaultValue = "0",
      description = "send an Idempotency-Key and retry a timeout, broken connection or 5xx up to this many times with it (default: ${DEFAULT-VALUE})")
  int retries;

  @Option(names = "--subscribers", defaultValue = "4", description = "WebSocket subscribers (screens, tablets) (default: ${DEFAULT-VALUE})")
  int subscribers;

  @Option(names = "--subscriber-token",
      description = "token(s) for subscribers, used in turn (repeatable; default: --token). A patroller token confines its subscriber to its districts.")
  List<String> subscriberTokens = new ArrayList<>();

  @Option(names = "--subscriber-filter",
      description = "filter(s) for subscribers, used in turn (repeatable): all, or districts=a,b;categories=fire,injury. Sent as a subscribe message.")
  List<String> subscriberFilters = new ArrayList<>();

  @Option(names = "--slow-subscribers", defaultValue = "0",
      description = "the first N subscribers read slowly: each stops reading for --slow-pause every --slow-every, "
          + "so the node's send buffer for it fills (default: ${DEFAULT-VALUE})")
  int slowSubscribers;

  // Vert.x keeps reading a paused WebSocket until 16 messages wait, and a coalesced client gets
  // four batches a second: a pause much shorter than 4 s never reaches the node.
  @Option(names = "--slow-pause", converter = Durations.class, defaultValue = "8s",
      description = "how long a slow subscriber stops reading each time; keep it well below the node's "
          + "live.deadAfterSeconds and live.slowReaderSeconds (default: ${DEFAULT-VALUE})")
  Duration slowPause;

  @Option(names = "--slow-every", converter = Durations.class, defaultValue = "20s",
      description = "how often a slow subscriber stops reading (default: ${DEFAULT-VALUE})")
  Duration slowEvery;

  @Option(names = "--out", defaultValue = "surge-results", description = "directory for results.json and report.html (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--seed", description = "seed of the arrival schedule (default: random below 2^53, printed)")
  Long seed;

  @Option(names = "--peak", description = "ramp: the highest rate (default: 5 x --rate)")
  Double peak;

  @Option(names = "--shape", description = "ramp: trapezoid (default), triangle, step or sine")
  String shape;

  @Option(names = "--threshold", description = "ramp: the call-center overload threshold in reports/s, shown on the plots (default: halfway to the peak)")
  Double threshold;

  @Option(names = "--impacts", description = "rocket-barrage: impact points (default: 6), each in another district while districts last")
  Integer impacts;

  @Option(names = "--salvos", description = "rocket-barrage: salvos the impacts come in (default: 2)")
  Integer salvos;

  @Option(names = "--reports-per-impact", description = "rocket-barrage: reports per impact on average (default: 200)")
  Integer reportsPerImpact;

  @Option(names = "--impact-radius", description = "rocket-barrage: metres around an impact its reports come from (default: 150)")
  Double impactRadius;

  @Option(names = "--burst-window", converter = Durations.class,
      description = "rocket-barrage: how long an impact's reports keep coming (default: half the run, at most 3m)")
  Duration burstWindow;

  @Option(names = "--alerts", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "rocket-barrage: POST an alert (POST /api/v1/alerts) for the areas over each wave's impacts as it "
          + "starts and its all-clear as it ends; --no-alerts for none (default: ${DEFAULT-VALUE})")
  boolean alerts;

  @Option(names = "--alert-token", description = "rocket-barrage: token of role alerts (or admin) for the alerts (default: --token)")
  String alertToken;

  @Option(names = "--storm-hours", description = "storm: hours of storm compressed into --duration (default: 6)")
  Double stormHours;

  @Option(names = "--rate-profile", description = "custom: seconds:rate points, e.g. 0:50,30:400,60:50 (linear between)")
  String rateProfile;

  @Option(names = "--categories", description = "category mix, e.g. fire=2,injury=1 (default: the scenario's)")
  String categories;

  @Option(names = "--channels", description = "channel mix, e.g. app=3,sms=1 (default: the scenario's)")
  String channels;

  @Option(names = "--districts", split = ",", description = "only these districts (default: every district of the layer)")
  List<String> districts;

  @Option(names = "--reporter-fraction", defaultValue = "0.3", description = "fraction of reports with reporter name and phone (default: ${DEFAULT-VALUE})")
  double reporterFraction;

  @Option(names = "--audit-concurrency", defaultValue = "16", description = "read-backs in flight during the audit (default: ${DEFAULT-VALUE})")
  int auditConcurrency;

  @Option(names = "--drain-quiet", converter = Durations.class, defaultValue = "2s",
      description = "after the last answer, stop waiting for deliveries once none came for this long (default: ${DEFAULT-VALUE})")
  Duration drainQuiet;

  @Option(names = "--drain-max", converter = Durations.class, defaultValue = "30s",
      description = "after the last answer, wait for deliveries at most this long (default: ${DEFAULT-VALUE})")
  Duration drainMax;

  @Option(names = "--warmup", converter = Durations.class, defaultValue = "0s",
      description = "first send routine reports at the scenario's mean rate for this long, not measured but audited, "
          + "so neither JIT is cold when measuring starts (default: ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(names = "--no-progress", description = "no progress line on stderr")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    if (!Scenarios.NAMES.contains(scenario)) {
      throw new ParameterException(spec.commandLine(),
          "unknown scenario " + scenario + "; one of " + String.join(", ", Scenarios.NAMES));
    }
    List<URI> targets = nodes.targets(spec);
    String bearer = nodes.token(spec);
    if (connections < 1 || maxInFlight < 1 || subscribers < 0 || batchSize < 1 || retries < 0
        || batchMix < 0 || batchMix > 1 || reporterFraction < 0 || reporterFraction > 1) {
      throw new ParameterException(spec.commandLine(),
          "--connections, --max-in-flight and --batch-size must be at least 1, --subscribers and "
              + "--idempotent-retries at least 0, --batch-mix and --reporter-fraction within 0..1");
    }
    if (slowSubscribers < 0 || slowSubscribers > subscribers || slowPause.toMillis() < 1
        || slowEvery.compareTo(slowPause) <= 0) {
      throw new ParameterException(spec.commandLine(),
          "--slow-subscribers must be within 0..--subscribers, --slow-pause at least 1ms and --slow-every longer than it");
    }
    ScenarioOptions options =
        new ScenarioOptions(
            scenario, duration.toMillis() / 1000.0, rate, peak, shape, threshold, impacts, salvos,
            reportsPerImpact, impactRadius,
            burstWindow == null ? null : burstWindow.toMillis() / 1000.0, stormHours, rateProfile,
            categories, channels, districts, reporterFraction);
    RunSettings settings =
        new RunSettings(
            targets, bearer, connections, maxInFlight, timeout.toMillis(), batchSize,
            batchMix, batchLinger.toNanos(), retries, subscribers,
            subscriberTokens.isEmpty() ? List.of(bearer) : List.copyOf(subscriberTokens),
            List.copyOf(subscriberFilters), slowSubscribers, slowPause.toNanos(), slowEvery.toNanos(), out,
            seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1L << 53),
            auditConcurrency, drainQuiet.toNanos(), drainMax.toNanos(), warmup.toNanos(), !noProgress,
            alerts, alertToken != null ? alertToken.trim() : bearer);
    return new Run(options, settings, System.out, System.err).call();
  }
}
