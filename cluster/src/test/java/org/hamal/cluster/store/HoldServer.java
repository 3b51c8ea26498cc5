package org.hamal.cluster.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A process that starts an embedded server on a directory, commits a row, says so, and waits to be
 * killed: what a node killed with -9 leaves behind.
 */
public final class HoldServer {

  public static final String READY = "holding";

  public static void main(String[] args) throws Exception {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0);
    try (Connection c = DriverManager.getConnection(server.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE held (note TEXT)");
      s.execute("INSERT INTO held VALUES ('committed before the kill')");
    }
    System.out.println(READY + " " + server.port());
    System.out.flush();
    // Until killed (or its parent closes the pipe).
    while (System.in.read() >= 0) {
      // nothing to do
    }
  }
}
