package org.hamal.gateway;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hamal.cluster.store.EmbeddedPostgresServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the embedded PostgreSQL as a server of its own, for several nodes on one machine to share:
 * the same binaries and settings a node runs by itself, until SIGTERM or Ctrl-C.
 */
@Command(
    name = "postgres",
    mixinStandardHelpOptions = true,
    description = "Run the embedded PostgreSQL as a server of its own (loopback only), for several nodes on"
        + " this machine to share; prints the HAMAL_STORE_URL to give them.")
final class PostgresCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "the server's data directory (created the first time)")
  Path data;

  @Option(names = "--port", defaultValue = "5433", description = "loopback port (default: ${DEFAULT-VALUE})")
  int port;

  @Override
  public Integer call() throws Exception {
    StopSignal stop = new StopSignal();
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
    System.out.println("PostgreSQL is running on 127.0.0.1:" + server.port() + ", data in " + server.directory());
    System.out.println("Give every node of the cluster:");
    System.out.println("  HAMAL_STORE_URL=" + server.url());
    System.out.println("Ctrl-C stops the server cleanly.");
    System.out.flush();
    stop.await();
    server.close();
    System.out.println("Stopped.");
    return 0;
  }
}
