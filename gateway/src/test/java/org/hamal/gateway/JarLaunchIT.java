package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as an operator starts it: it prints the page URLs and a one-time admin
 * token, serves, stops cleanly on SIGTERM, and serves the same reports after a restart.
 */
class JarLaunchIT {

  private static final String READY_LINE = "Ctrl-C stops the node cleanly.";

  @TempDir Path data;

  @Test
  void startsPrintsHowToSignInStopsCleanlyAndKeepsReports() throws Exception {
    Path jar = Path.of(System.getProperty("hamal.jar", "target/hamal.jar"));
    assertThat(jar).exists();
    int port = RunningNode.freePort();
    ClusterOptions cluster = TestClusters.random();

    Launched first = launch(jar, port, cluster);
    assertThat(first.banner).contains("http://127.0.0.1:" + port + "/", "Admin token (shown once");
    String admin = Files.readString(data.resolve("admin-token")).trim();
    assertThat(first.banner).contains(admin);

    HttpResponse<String> created = post(port, admin, EndToEndIT.REPORT);
    assertThat(created.statusCode()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");

    assertThat(first.stop()).contains("Stopped cleanly.");

    Launched second = launch(jar, port, cluster);
    // Not shown again: it was shown once, and lives in the data directory.
    assertThat(second.banner).doesNotContain(admin).contains("Admin token: in ");
    HttpResponse<String> read = get(port, admin, "/api/v1/reports/" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(read.body()).getString("id")).isEqualTo(id);
    assertThat(second.stop()).contains("Stopped cleanly.");
  }

  private Launched launch(Path jar, int port, ClusterOptions cluster) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("HAMAL_"));
    env.putAll(
        new HashMap<>(
            Map.of(
                "HAMAL_HTTP_HOST", "127.0.0.1",
                "HAMAL_HTTP_PORT", String.valueOf(port),
                "HAMAL_DATA_DIR", data.toString(),
                "HAMAL_CLUSTER_NAME", cluster.name(),
                "HAMAL_CLUSTER_PORT", String.valueOf(cluster.port()),
                "HAMAL_CLUSTER_MEMBERS", String.join(",", cluster.members()))));
    builder.redirectError(data.resolve("stderr-" + System.nanoTime() + ".log").toFile());
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder banner = new StringBuilder();
    // Reading the banner line by line is the synchronisation: the node prints it when serving.
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  banner.append(line).append('\n');
                  if (line.contains(READY_LINE)) {
                    return banner.toString();
                  }
                }
                return banner.toString();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    String printed = ready.get(3, TimeUnit.MINUTES);
    if (!printed.contains(READY_LINE)) {
      process.destroyForcibly();
      throw new AssertionError("node did not start:\n" + printed);
    }
    return new Launched(process, out, printed);
  }

  private record Launched(Process process, BufferedReader out, String banner) {
    /** SIGTERM, then what the node printed until it exited. */
    String stop() throws Exception {
      // SIGTERM through the handle: Process.destroy() would also close our end of stdout.
      process.toHandle().destroy();
      StringBuilder rest = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null) {
        rest.append(line).append('\n');
      }
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
      return rest.toString();
    }
  }

  private static HttpResponse<String> post(int port, String token, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/reports"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(int port, String token, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
