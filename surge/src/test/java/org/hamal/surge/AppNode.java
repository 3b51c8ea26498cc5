package org.hamal.surge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real app jar in its own JVM, started as an operator starts it: environment variables, the
 * banner as the sign that it serves, SIGTERM to stop. Surge's tests drive it only over HTTP.
 */
final class AppNode implements AutoCloseable {

  private static final String READY_LINE = "Ctrl-C stops the node cleanly.";

  private final Process process;
  private final int port;
  private final Map<String, String> env;

  private AppNode(Process process, int port, Map<String, String> env) {
    this.process = process;
    this.port = port;
    this.env = env;
  }

  /** The app jar the tests run, built by the gateway module before surge. */
  static Path hamalJar() {
    Path jar = Path.of(System.getProperty("hamal.jar", "../gateway/target/hamal.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      fail(jar + " is missing: surge's tests need the app. Build it first: `mvn -B verify` from "
          + "the root builds gateway before surge, or `mvn -B -q -DskipTests package -pl gateway -am`.");
    }
    return jar;
  }

  /** Surge's own runnable jar, packaged before the integration tests run. */
  static Path surgeJar() {
    Path jar = Path.of(System.getProperty("surge.jar", "target/surge.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      fail(jar + " is missing: run surge's integration tests through `mvn -B -pl surge verify`, which packages it first.");
    }
    return jar;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts a node on a free HTTP port with {@code env} (cluster name, members, data directory,
   * admin token...) and waits for its banner; its stderr goes to {@code log}.
   */
  static AppNode start(Map<String, String> env, Path log) throws Exception {
    int port = freePort();
    Map<String, String> all = new HashMap<>(env);
    all.put("HAMAL_HTTP_HOST", "127.0.0.1");
    all.put("HAMAL_HTTP_PORT", String.valueOf(port));
    ProcessBuilder builder = java(hamalJar()).redirectError(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("HAMAL_"));
    builder.environment().putAll(all);
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder banner = new StringBuilder();
    // Reading the banner is the synchronisation: the node prints the line when it serves.
    CompletableFuture<Boolean> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  banner.append(line).append('\n');
                  if (line.contains(READY_LINE)) {
                    return true;
                  }
                }
                return false;
              } catch (IOException e) {
                return false;
              }
            });
    if (!ready.get(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("the node did not start:\n" + banner + Files.readString(log));
    }
    // Keep draining the node's stdout so it never blocks on a full pipe.
    CompletableFuture.runAsync(
        () -> {
          try {
            while (out.readLine() != null) {
              // discard
            }
          } catch (IOException e) {
            // the node is gone
          }
        });
    return new AppNode(process, port, all);
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A token minted by the app's own {@code token} command, as an operator would. */
  String token(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("token"));
    command.addAll(List.of(args));
    ProcessBuilder builder = java(hamalJar(), command.toArray(String[]::new)).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("HAMAL_"));
    builder.environment().putAll(env);
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output.lines()
        .map(String::trim)
        .filter(l -> l.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no token in:\n" + output));
  }

  /** SIGTERM, as Ctrl-C; fails the test if the node does not stop in time. */
  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      // Through the handle: Process.destroy() would also close our end of stdout.
      process.toHandle().destroy();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail("the node did not stop within 2 minutes of SIGTERM");
      }
    }
  }

  static ProcessBuilder java(Path jar, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
