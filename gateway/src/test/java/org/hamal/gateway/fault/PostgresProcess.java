package org.hamal.gateway.fault;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.TestPorts;

/**
 * {@code java -jar hamal.jar postgres --data DIR}, as an operator runs it for a cluster on one
 * machine: a PostgreSQL server in a JVM of its own, until SIGTERM.
 */
final class PostgresProcess {

  private static final String URL_PREFIX = "HAMAL_STORE_URL=";

  private final Process process;
  private final String url;

  private PostgresProcess(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  static PostgresProcess start(Path data, Path logDir) throws Exception {
    Path jar = Path.of(System.getProperty("hamal.jar", "target/hamal.jar"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "postgres",
            "--data", data.toString(), "--port", String.valueOf(TestPorts.free())))
        .redirectError(logDir.resolve("postgres-" + System.nanoTime() + ".log").toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    // The URL line is the synchronisation: the server serves once it is printed.
    CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.trim().startsWith(URL_PREFIX)) {
            return line.trim().substring(URL_PREFIX.length());
          }
        }
        return null;
      } catch (Exception e) {
        return null;
      }
    });
    String found = url.get(3, TimeUnit.MINUTES);
    if (found == null) {
      process.destroyForcibly();
      throw new IllegalStateException("hamal.jar postgres did not start; see its log in " + logDir);
    }
    return new PostgresProcess(process, found);
  }

  String url() {
    return url;
  }

  /** SIGTERM: the server stops cleanly. */
  void stop() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
  }
}
