package org.hamal.gateway;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hamal.gateway.config.ConfigException;
import org.hamal.gateway.config.ConfigLoader;
import org.hamal.gateway.config.HamalConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar hamal.jar [serve]} runs a node; {@code java -jar hamal.jar token ...} mints
 * bearer tokens with the node's key; {@code java -jar hamal.jar key create|list|revoke} manages API
 * keys on a running node; {@code java -jar hamal.jar postgres --data DIR} runs a
 * PostgreSQL server for several nodes to share.
 */
@Command(
    name = "hamal",
    mixinStandardHelpOptions = true,
    version = "Hamal 0.1.0",
    description = "Hamal: the neighborhood service centers' real-time emergency dashboard.",
    subcommands = {ServeCommand.class, TokenCommand.class, KeyCommand.class, PostgresCommand.class})
public final class Main implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      description = "YAML configuration file (default: $HAMAL_CONFIG, else ./hamal.yaml if any)")
  Path config;

  public static void main(String[] args) {
    // Libraries that complete futures without an executor fall back to the common fork-join
    // pool; below two threads it degrades to a new thread per task. Set before first use.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(
          COMMON_POOL_PARALLELISM,
          String.valueOf(Math.max(MIN_COMMON_POOL, Runtime.getRuntime().availableProcessors())));
    }
    System.exit(new CommandLine(new Main()).execute(args));
  }

  private static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";
  private static final int MIN_COMMON_POOL = 4;

  /** Without a subcommand, serve. */
  @Override
  public Integer call() throws Exception {
    ServeCommand serve = new ServeCommand();
    serve.main = this;
    return serve.call();
  }

  HamalConfig loadConfig() throws ConfigException {
    return new ConfigLoader().load(config, System.getenv());
  }
}
