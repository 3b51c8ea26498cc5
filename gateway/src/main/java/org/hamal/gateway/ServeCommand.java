package org.hamal.gateway;

import ch.qos.logback.classic.LoggerContext;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.hamal.gateway.config.HamalConfig;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Runs a node until SIGTERM or Ctrl-C, then stops it cleanly. */
@Command(name = "serve", description = "Run a Hamal node (the default command).")
final class ServeCommand implements Callable<Integer> {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  @ParentCommand Main main;

  @Override
  public Integer call() throws Exception {
    HamalConfig config = main.loadConfig();
    HamalNode node = new HamalNode(config);
    try {
      node.start().await(HamalNode.START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      System.err.println("Hamal could not start: " + e.getMessage());
      node.stop(STOP_TIMEOUT);
      throw e;
    }
    // Once started, SIGTERM and Ctrl-C stop the node cleanly (before that they end the JVM at
    // once); the shutdown hook covers any other way the JVM exits.
    StopSignal stop = new StopSignal();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopGracefully(node), "hamal-shutdown"));
    banner(System.out, node);
    stop.await();
    stopGracefully(node);
    return 0;
  }

  private static void stopGracefully(HamalNode node) {
    if (!node.isRunning()) {
      return;
    }
    System.out.println("Stopping: finishing in-flight work, leaving the cluster...");
    try {
      node.stop(STOP_TIMEOUT);
      System.out.println("Stopped cleanly.");
    } catch (Exception e) {
      System.err.println("Stopped with an error: " + e);
    } finally {
      System.out.flush();
      ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
  }

  static void banner(PrintStream out, HamalNode node) {
    HamalConfig c = node.config();
    String base = c.http().baseUrl();
    out.println();
    out.println("Hamal is running (cluster '" + c.cluster().name() + "', data in " + c.dataPath() + ")");
    out.println("  Ops room        " + base + "/");
    out.println("  Field app       " + base + "/field/  (device sign-in links: " + base + "/devices/)");
    out.println("  Call-taker      " + base + "/intake/");
    out.println("  API             " + base + "/api/v1/  (districts: " + base + "/api/v1/districts)");
    out.println("  Live stream     " + base.replaceFirst("^http", "ws") + "/api/v1/live");
    out.println("  Health / ready  " + base + "/health  " + base + "/ready");
    out.println();
    out.println("Every /api call needs 'Authorization: Bearer <token>'.");
    if (node.adminToken().created()) {
      out.println("  Admin token (shown once; also saved in " + c.dataPath().resolve("admin-token") + "):");
      out.println("    " + node.adminToken().value());
    } else if (c.auth().adminToken() == null) {
      out.println("  Admin token: in " + c.dataPath().resolve("admin-token"));
    } else {
      out.println("  Admin token: the value of HAMAL_ADMIN_TOKEN / auth.adminToken");
    }
    out.println("  Mint a token for a screen, a patroller, an intake system:");
    out.println("    java -jar hamal.jar token --role display --subject ops-screen-1");
    out.println("    java -jar hamal.jar token --role patroller --district shimshon --subject patrol-7");
    out.println("  Open the ops room and paste a token, or open " + base + "/#token=<token>");
    out.println("Ctrl-C stops the node cleanly.");
    out.flush();
  }
}
