package org.hamal.gateway.fault;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Hamal node in its own JVM, started from the runnable jar as an operator would, so that it can
 * be killed for real: SIGKILL, SIGTERM, SIGSTOP and SIGCONT.
 */
final class NodeProcess {

  private static final String READY_LINE = "Ctrl-C stops the node cleanly.";

  private final String name;
  private final int httpPort;
  private final Process process;

  private NodeProcess(String name, int httpPort, Process process) {
    this.name = name;
    this.httpPort = httpPort;
    this.process = process;
  }

  /** Starts a node and returns once it serves (it prints its banner then). */
  static NodeProcess start(String name, int httpPort, Path logDir, Map<String, String> env)
      throws Exception {
    Path jar = Path.of(System.getProperty("hamal.jar", "target/hamal.jar"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString()));
    builder.environment().keySet().removeIf(k -> k.startsWith("HAMAL_"));
    builder.environment().putAll(env);
    builder.environment().put("HAMAL_HTTP_HOST", "127.0.0.1");
    builder.environment().put("HAMAL_HTTP_PORT", String.valueOf(httpPort));
    builder.redirectError(logDir.resolve(name + "-" + System.nanoTime() + ".log").toFile());
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    // The banner is the synchronisation: the node prints it once it serves.
    CompletableFuture<Boolean> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.contains(READY_LINE)) {
                    drainInBackground(out);
                    return true;
                  }
                }
                return false;
              } catch (Exception e) {
                return false;
              }
            });
    if (!ready.get(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not start; see its log in " + logDir);
    }
    return new NodeProcess(name, httpPort, process);
  }

  private static void drainInBackground(BufferedReader out) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // keep the pipe from filling up
                }
              } catch (Exception ignored) {
                // the process is gone
              }
            });
    t.setDaemon(true);
    t.start();
  }

  String name() {
    return name;
  }

  int httpPort() {
    return httpPort;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(1, TimeUnit.MINUTES);
  }

  /** SIGTERM, and wait for the clean stop. */
  void stop() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
  }

  void pause() throws Exception {
    signal("STOP");
  }

  void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " failed for " + name);
    }
  }
}
