package org.hamal.surge;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.hamal.surge.fanout.Fanout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code surge fanout [options]}: live fan-out on one node against a bare loop, same run. */
@Command(
    name = "fanout",
    exitCodeOnInvalidInput = Surge.EXIT_USAGE,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure live fan-out on one node: events delivered per second to all subscribers through the node's "
          + "delivery path (hub) against a bare loop writing one pre-encoded frame (bare), in alternating rounds.",
      "The node must run with HAMAL_BENCH_FANOUT=true; the token must be an admin's.",
      "Exit code: 0 every round complete, 1 a round incomplete or the run could not be carried out."
    })
final class FanoutCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeOptions nodes;

  @Option(names = "--subscribers", defaultValue = "1000", description = "WebSocket subscribers (default: ${DEFAULT-VALUE})")
  int subscribers;

  @Option(names = "--events", defaultValue = "2000", description = "events per round, to every subscriber (default: ${DEFAULT-VALUE})")
  int events;

  @Option(names = "--rounds", defaultValue = "3", description = "measured rounds, each one bare and one hub (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--warmup-rounds", defaultValue = "1", description = "rounds first run and not measured (default: ${DEFAULT-VALUE})")
  int warmupRounds;

  @Option(names = "--pause", converter = Durations.class, defaultValue = "3s",
      description = "between rounds, so that coalesced clients go back to single events (default: ${DEFAULT-VALUE})")
  Duration pause;

  @Option(names = "--round-timeout", converter = Durations.class, defaultValue = "120s",
      description = "a round not complete by then is reported incomplete (default: ${DEFAULT-VALUE})")
  Duration roundTimeout;

  @Mixin ClientOptions client;

  @Option(names = "--out", defaultValue = "surge-results", description = "directory for fanout.json (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    URI target = nodes.oneTarget(spec, "fan-out");
    String token = nodes.token(spec);
    if (subscribers < 1 || events < 1 || rounds < 1 || warmupRounds < 0 || client.eventLoops < 1) {
      throw new ParameterException(spec.commandLine(),
          "--subscribers, --events, --rounds and --event-loops must be at least 1, --warmup-rounds at least 0");
    }
    return new Fanout(
            new Fanout.Settings(target, token, subscribers, events, rounds, warmupRounds, pause.toMillis(),
                roundTimeout.toMillis(), client.eventLoops, out),
            System.out, System.err)
        .call();
  }
}
