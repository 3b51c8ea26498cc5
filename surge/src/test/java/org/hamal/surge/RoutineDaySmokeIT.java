package org.hamal.surge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke run: the real app jar started as an operator starts it, a 10-second routine-day
 * through surge's own runnable jar with a screen, a patroller tablet and two admin subscribers,
 * and zero loss. Speed is not asserted; the figures are in the results for a person to read.
 */
class RoutineDaySmokeIT {

  private static final String READY_LINE = "Ctrl-C stops the node cleanly.";

  @TempDir Path work;

  private Path hamalJar;
  private Path surgeJar;
  private Process node;
  private BufferedReader nodeOut;
  private int port;
  private Map<String, String> nodeEnv;
  private final String adminToken = "surge-it-" + UUID.randomUUID();

  @BeforeEach
  void startNode() throws Exception {
    hamalJar = Path.of(System.getProperty("hamal.jar", "../gateway/target/hamal.jar")).toAbsolutePath();
    if (!Files.isRegularFile(hamalJar)) {
      fail(hamalJar + " is missing: the smoke run needs the app. Build it first: `mvn -B verify` from "
          + "the root builds gateway before surge, or `mvn -B -q -DskipTests package -pl gateway -am`.");
    }
    surgeJar = Path.of(System.getProperty("surge.jar", "target/surge.jar")).toAbsolutePath();
    if (!Files.isRegularFile(surgeJar)) {
      fail(surgeJar + " is missing: run the smoke test through `mvn -B -pl surge verify`, which packages it first.");
    }
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int clusterPort = ThreadLocalRandom.current().nextInt(20_000, 40_000);
    nodeEnv =
        Map.of(
            "HAMAL_HTTP_HOST", "127.0.0.1",
            "HAMAL_HTTP_PORT", String.valueOf(port),
            "HAMAL_DATA_DIR", work.resolve("data").toString(),
            "HAMAL_ADMIN_TOKEN", adminToken,
            "HAMAL_CLUSTER_NAME", "surge-it-" + UUID.randomUUID(),
            "HAMAL_CLUSTER_PORT", String.valueOf(clusterPort),
            "HAMAL_CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort);
    ProcessBuilder builder = java(hamalJar).redirectError(work.resolve("node-stderr.log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("HAMAL_"));
    builder.environment().putAll(nodeEnv);
    node = builder.start();
    nodeOut = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder banner = new StringBuilder();
    // Reading the banner is the synchronisation: the node prints the line when it serves.
    CompletableFuture<Boolean> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = nodeOut.readLine()) != null; ) {
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
      node.destroyForcibly();
      fail("the node did not start:\n" + banner + Files.readString(work.resolve("node-stderr.log")));
    }
    // Keep draining the node's stdout so it never blocks on a full pipe.
    CompletableFuture.runAsync(
        () -> {
          try {
            while (nodeOut.readLine() != null) {
              // discard
            }
          } catch (IOException e) {
            // the node is gone
          }
        });
  }

  @AfterEach
  void stopNode() throws Exception {
    if (node != null && node.isAlive()) {
      // SIGTERM through the handle: Process.destroy() would also close our end of stdout.
      node.toHandle().destroy();
      if (!node.waitFor(2, TimeUnit.MINUTES)) {
        node.destroyForcibly();
        fail("the node did not stop within 2 minutes of SIGTERM");
      }
    }
  }

  @Test
  void tenSecondsOfRoutineDayLoseNothing() throws Exception {
    String display = token("--role", "display", "--subject", "surge-it-screen");
    String patroller = token("--role", "patroller", "--district", "barnea", "--subject", "surge-it-tablet");
    Path out = work.resolve("results");

    ProcessBuilder surge =
        java(surgeJar,
                "run", "routine-day",
                "--target", "http://127.0.0.1:" + port,
                "--token", adminToken,
                "--rate", "20",
                "--duration", "10s",
                "--subscribers", "4",
                "--subscriber-token", display,
                "--subscriber-token", patroller,
                "--subscriber-token", adminToken,
                "--out", out.toString(),
                "--seed", "20261124",
                "--no-progress")
            .redirectOutput(work.resolve("surge-stdout.log").toFile())
            .redirectError(work.resolve("surge-stderr.log").toFile());
    Process run = surge.start();
    if (!run.waitFor(5, TimeUnit.MINUTES)) {
      run.destroyForcibly();
      fail("surge did not finish within 5 minutes:\n" + Files.readString(work.resolve("surge-stderr.log")));
    }
    String printed =
        Files.readString(work.resolve("surge-stdout.log")) + Files.readString(work.resolve("surge-stderr.log"));
    assertThat(run.exitValue()).as(printed).isZero();
    assertThat(printed).contains("audit      PASSED");

    JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
    JsonObject audit = results.getJsonObject("audit");
    JsonObject deliveries = audit.getJsonObject("deliveries");
    long acknowledged = results.getJsonObject("load").getLong("acknowledged");
    assertThat(acknowledged).isPositive();
    assertThat(audit.getBoolean("passed")).isTrue();
    assertThat(audit.getLong("acknowledged")).isEqualTo(acknowledged);
    assertThat(audit.getJsonObject("readBack").getLong("found")).isEqualTo(acknowledged);
    assertThat(audit.getJsonObject("readBack").getLong("missing")).isZero();
    assertThat(deliveries.getLong("missing")).isZero();
    assertThat(deliveries.getLong("duplicates")).isZero();
    assertThat(deliveries.getLong("delivered")).isEqualTo(deliveries.getLong("expected"));

    // Subscribers in turn: display, patroller (barnea only), admin, display.
    JsonArray subscribers = results.getJsonArray("subscribers");
    assertThat(subscribers).hasSize(4);
    JsonObject screen = subscribers.getJsonObject(0);
    JsonObject tablet = subscribers.getJsonObject(1);
    assertThat(screen.getString("scope")).isEqualTo("all");
    assertThat(screen.getLong("expected")).isEqualTo(acknowledged);
    assertThat(tablet.getString("scope")).isEqualTo("districts=barnea");
    assertThat(tablet.getLong("expected")).isPositive().isLessThan(acknowledged);
    assertThat(tablet.getLong("received")).isEqualTo(tablet.getLong("expected"));
    // Every subscriber expected the reports its scope holds: 3 x all + barnea's share.
    assertThat(deliveries.getLong("expected")).isEqualTo(3 * acknowledged + tablet.getLong("expected"));

    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("Chart.js v4.5.1", "routine-day").doesNotContainPattern("<script[^>]+src=");
  }

  private String token(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("token"));
    command.addAll(List.of(args));
    ProcessBuilder builder = java(hamalJar, command.toArray(String[]::new)).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("HAMAL_"));
    builder.environment().putAll(nodeEnv);
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

  private static ProcessBuilder java(Path jar, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
