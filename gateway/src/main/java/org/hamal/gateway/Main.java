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
 * bearer tokens with the node's key.
 */
@Command(
    name = "hamal",
    mixinStandardHelpOptions = true,
    version = "Hamal 0.1.0",
    description = "Hamal: the neighborhood service centers' real-time emergency dashboard.",
    subcommands = {ServeCommand.class, TokenCommand.class})
public final class Main implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      description = "YAML configuration file (default: $HAMAL_CONFIG, else ./hamal.yaml if any)")
  Path config;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

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
