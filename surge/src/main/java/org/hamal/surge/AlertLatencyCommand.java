package org.hamal.surge;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hamal.surge.alerts.AlertLatency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code surge alert-latency [options]}: from {@code POST /api/v1/alerts} to the field subscribers' screens. */
@Command(
    name = "alert-latency",
    exitCodeOnInvalidInput = Surge.EXIT_USAGE,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure the time from POST /api/v1/alerts to the matching alert message on every field subscriber "
          + "(patroller tokens) of one node, one alert at a time, each then cleared (docs/alerts.md).",
      "Without --subscriber-token, each subscriber gets its own patroller token, minted as a device link "
          + "with --token (admin or supervisor), for a district the alerts cover.",
      "Exit code: 0 every alert and all-clear acknowledged and received by every subscriber, 1 otherwise."
    })
final class AlertLatencyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeOptions nodes;

  @Option(names = "--subscribers", defaultValue = "500", description = "field subscribers (default: ${DEFAULT-VALUE})")
  int subscribers;

  @Option(names = "--alerts", defaultValue = "20", description = "alerts sent, one at a time (default: ${DEFAULT-VALUE})")
  int alerts;

  @Option(names = "--warmup-alerts", defaultValue = "2",
      description = "alerts sent and cleared first, not measured (default: ${DEFAULT-VALUE})")
  int warmupAlerts;

  @Option(names = "--alert-token", description = "token of role alerts (or admin) for the alerts and all-clears (default: --token)")
  String alertToken;

  @Option(names = "--subscriber-token",
      description = "patroller token(s) for the subscribers, used in turn (repeatable; default: one minted per subscriber)")
  List<String> subscriberTokens = new ArrayList<>();

  @Option(names = "--areas", split = ",", description = "alert-area ids each alert names (default: every area of the node)")
  List<String> areas = new ArrayList<>();

  @Option(names = "--threat", defaultValue = "rockets", description = "the alerts' threat (default: ${DEFAULT-VALUE})")
  String threat;

  @Option(names = "--stay", converter = Durations.class, defaultValue = "600s",
      description = "the alerts' stay time, 60s-7200s; each is cleared long before (default: ${DEFAULT-VALUE})")
  Duration stay;

  @Option(names = "--timeout", converter = Durations.class, defaultValue = "30s",
      description = "how long an alert (and its all-clear) may take to reach every subscriber (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--pause", converter = Durations.class, defaultValue = "500ms",
      description = "between one alert's all-clear and the next alert (default: ${DEFAULT-VALUE})")
  Duration pause;

  @Mixin ClientOptions client;

  @Option(names = "--out", defaultValue = "surge-results", description = "directory for alert-latency.json (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    URI target = nodes.oneTarget(spec, "alert latency");
    String token = nodes.token(spec);
    if (subscribers < 1 || alerts < 1 || warmupAlerts < 0 || client.eventLoops < 1) {
      throw new ParameterException(spec.commandLine(),
          "--subscribers, --alerts and --event-loops must be at least 1, --warmup-alerts at least 0");
    }
    if (stay.toSeconds() < 60 || stay.toSeconds() > 7200) {
      throw new ParameterException(spec.commandLine(), "--stay must be between 60s and 7200s");
    }
    return new AlertLatency(
            new AlertLatency.Settings(
                target, token, alertToken != null ? alertToken.trim() : token, List.copyOf(subscriberTokens),
                subscribers, alerts, warmupAlerts, List.copyOf(areas), threat, (int) stay.toSeconds(), timeout.toMillis(),
                pause.toMillis(), client.eventLoops, out),
            System.out, System.err)
        .call();
  }
}
