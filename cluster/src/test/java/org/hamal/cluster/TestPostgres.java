package org.hamal.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hamal.cluster.store.EmbeddedPostgresServer;

/**
 * The test JVM's PostgreSQL: the same embedded server a node runs, started once at first use in a
 * temporary directory and stopped (and deleted) when the JVM exits. Each test gets fresh databases
 * on it, so tests never see each other's reports.
 */
public final class TestPostgres {

  private static EmbeddedPostgresServer server;
  private static final Map<Path, String> BY_DATA_DIR = new ConcurrentHashMap<>();

  private TestPostgres() {}

  /** The server, started on first use. */
  public static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("hamal-test-postgres");
        server = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
        EmbeddedPostgresServer started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          started.close();
          delete(dir);
        }, "test-postgres-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** A new, empty database on the server; its JDBC URL. */
  public static String freshDatabase() {
    String name = "hamal_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(server().url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create a test database", e);
    }
    return server().url(name);
  }

  /**
   * One database per node data directory: the nodes a test starts on one directory share a store,
   * as nodes configured with one HAMAL_STORE_URL do.
   */
  public static String databaseFor(Path dataDir) {
    return BY_DATA_DIR.computeIfAbsent(dataDir.toAbsolutePath().normalize(), d -> freshDatabase());
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
