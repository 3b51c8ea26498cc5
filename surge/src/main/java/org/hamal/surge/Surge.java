package org.hamal.surge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The surge CLI: load scenarios and benchmarks against running Hamal nodes, over their public
 * HTTP and WebSocket APIs only: {@code run} drives a scenario and audits it, {@code check} tells
 * whether the targets are ready, {@code fanout} and {@code alert-latency} measure the live path.
 */
@Command(
    name = "surge",
    mixinStandardHelpOptions = true,
    version = "Hamal surge 0.1.0",
    description = "Emergency load simulator and benchmark CLI for Hamal.",
    exitCodeOnInvalidInput = Surge.EXIT_USAGE,
    subcommands = {Surge.Check.class, RunCommand.class, FanoutCommand.class, AlertLatencyCommand.class})
public final class Surge implements Callable<Integer> {

  /** Exit code for a command line that cannot be understood (2 means the loss audit failed). */
  static final int EXIT_USAGE = 64;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Surge());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  /** Asks each target's {@code /ready} and reports what it says. */
  @Command(name = "check", description = "Check that the target nodes are ready.")
  static final class Check implements Callable<Integer> {

    @Option(
        names = "--target",
        split = ",",
        defaultValue = "http://127.0.0.1:8080",
        description = "node base URLs, comma-separated (default: ${DEFAULT-VALUE})")
    List<URI> targets;

    @Override
    public Integer call() throws Exception {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      int notReady = 0;
      for (URI target : targets) {
        String status;
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(target.resolve("/ready")).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString());
          status = r.statusCode() + " " + r.body();
          if (r.statusCode() != 200) {
            notReady++;
          }
        } catch (java.io.IOException e) {
          status = "unreachable: " + e.getMessage();
          notReady++;
        }
        System.out.println(target + " -> " + status);
      }
      return notReady == 0 ? 0 : 1;
    }
  }
}
