package org.hamal.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hamal.cluster.store.EmbeddedPostgresServer;
import org.hamal.cluster.store.StoreOptions;

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

  /** Store options for a fresh database: a small pool, a 10 s bound on every operation. */
  public static StoreOptions freshStoreOptions() {
    return new StoreOptions(freshDatabase(), null, null, 4, 256, 0, 10_000, null);
  }

  /**
   * Waits until no other session of the database at {@code url} is at work or holds a transaction
   * open, for at most {@code within}: the test's own connections are done and the node's
   * transactions have ended (its reads end theirs too).
   */
  public static void awaitIdle(String url, Duration within) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND pid <> pg_backend_pid() AND state <> 'idle'")) {
          rs.next();
          if (rs.getInt(1) == 0) {
            return;
          }
        }
        Thread.sleep(50); // paces the polls; the condition above is what is waited for
      }
    }
    throw new AssertionError("the database stayed busy for " + within);
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
