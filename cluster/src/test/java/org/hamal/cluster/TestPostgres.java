package org.hamal.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the PostgreSQL server named by {@code HAMAL_TEST_POSTGRES_URL} (a JDBC URL
 * with user and password, e.g. {@code jdbc:postgresql://127.0.0.1:55432/postgres?user=hamal});
 * {@code .ci/run} starts such a server on loopback. Without one, PostgreSQL tests are skipped
 * with that explanation.
 */
public final class TestPostgres {

  public static final String URL_VARIABLE = "HAMAL_TEST_POSTGRES_URL";

  private TestPostgres() {}

  /** Whether the environment names a PostgreSQL server for the tests. */
  public static boolean available() {
    String url = System.getenv(URL_VARIABLE);
    return url != null && !url.isBlank();
  }

  /** Creates an empty database and returns its JDBC URL. */
  public static String freshDatabase() throws Exception {
    String admin = System.getenv(URL_VARIABLE);
    assumeTrue(
        available(),
        "PostgreSQL tests skipped: set " + URL_VARIABLE + " to a server's JDBC URL (.ci/run starts one on loopback)");
    String name = "hamal_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return admin.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
  }
}
