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
    StringBuilder banner = new StringBuilder();
    // Reading the banner is the synchronisation: the node prints the line when it serves.
    if (awaitLine(process, line -> line.contains(READY_LINE), banner) == null) {
      process.destroyForcibly();
      fail("the node did not start:\n" + banner + Files.readString(log));
    }
    return new AppNode(process, port, all);
  }

  /**
   * One node alone: its own data directory under {@code work} (and embedded PostgreSQL), a random
   * cluster name, and {@code adminToken} as the admin token.
   */
  static AppNode single(Path work, String adminToken) throws Exception {
    return single(work, adminToken, Map.of());
  }

  /** The same, with more of its environment ({@code HAMAL_CONFIG}, say). */
  static AppNode single(Path work, String adminToken, Map<String, String> more) throws Exception {
    int clusterPort = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 40_000);
    Map<String, String> env = new HashMap<>(more);
    env.putAll(
        Map.of(
            "HAMAL_DATA_DIR", work.resolve("data").toString(),
            "HAMAL_ADMIN_TOKEN", adminToken,
            "HAMAL_CLUSTER_NAME", "surge-it-" + java.util.UUID.randomUUID(),
            "HAMAL_CLUSTER_PORT", String.valueOf(clusterPort),
            "HAMAL_CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort));
    return start(env, work.resolve("node-stderr.log"));
  }

  /**
   * {@code hamal.jar postgres}: the server the nodes of one cluster share, as the README runs it
   * for a cluster on one machine; stopped (SIGTERM) on close.
   */
  static Postgres postgres(Path data, Path log) throws Exception {
    Process process = java(hamalJar(), "postgres", "--data", data.toString(), "--port", String.valueOf(freePort()))
        .redirectError(log.toFile())
        .start();
    StringBuilder seen = new StringBuilder();
    String line = awaitLine(process, l -> l.trim().startsWith(STORE_URL), seen);
    if (line == null) {
      process.destroyForcibly();
      fail("hamal.jar postgres did not start:\n" + seen + Files.readString(log));
    }
    return new Postgres(process, line.trim().substring(STORE_URL.length()));
  }

  private static final String STORE_URL = "HAMAL_STORE_URL=";

  /** A running {@code hamal.jar postgres}. */
  record Postgres(Process process, String url) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      process.toHandle().destroy();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Reads the process's output until a line matches (returned) or it ends (null), within three
   * minutes; then keeps draining it, so the process never blocks on a full pipe.
   */
  private static String awaitLine(Process process, java.util.function.Predicate<String> ready, StringBuilder seen)
      throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          seen.append(line).append('\n');
          if (ready.test(line)) {
            return line;
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String line = found.get(3, TimeUnit.MINUTES);
    CompletableFuture.runAsync(() -> {
      try {
        while (out.readLine() != null) {
          // discard
        }
      } catch (IOException e) {
        // the process is gone
      }
    });
    return line;
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

  /**
   * Runs surge's jar with {@code args} and {@code --out out}, its output beside {@code out};
   * returns what it printed, after a zero exit within 5 minutes.
   */
  static String surge(Path out, String... args) throws Exception {
    Ran run = run(out, args);
    assertThat(run.exit()).as(run.printed()).isZero();
    return run.printed();
  }

  /** What a surge run printed (stdout, then stderr) and its exit code. */
  record Ran(int exit, String printed) {}

  /** Runs surge's jar as {@link #surge} does, whatever its exit code. */
  static Ran run(Path out, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--out", out.toString()));
    Path stdout = out.resolveSibling(out.getFileName() + "-stdout.log");
    Path stderr = out.resolveSibling(out.getFileName() + "-stderr.log");
    Process run =
        java(surgeJar(), command.toArray(String[]::new)).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!run.waitFor(5, TimeUnit.MINUTES)) {
      run.destroyForcibly();
      fail("surge did not finish within 5 minutes:\n" + Files.readString(stderr));
    }
    return new Ran(run.exitValue(), Files.readString(stdout) + Files.readString(stderr));
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
