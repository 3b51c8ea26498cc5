package org.hamal.cluster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server across the death of the process that started it: a real JVM, killed. */
class EmbeddedPostgresServerTest {

  @TempDir Path data;

  @Test
  void aServerLeftRunningByAKilledProcessIsStoppedCleanlyAndItsCommitsKept() throws Exception {
    Path dir = data.resolve("postgres");
    Process holder = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), HoldServer.class.getName(), dir.toString()))
        .redirectError(data.resolve("holder.log").toFile())
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = out.readLine(); // its log may come first
      } while (line != null && !line.startsWith(HoldServer.READY));
      assertThat(line).as("the holder's first line (its log: %s)", data.resolve("holder.log")).startsWith(HoldServer.READY);

      // While its process lives, nobody else may use the directory.
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir, 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another running process");

      holder.destroyForcibly();
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
      long leftOver = pid(dir);
      assertThat(running(leftOver)).as("the killed process's server still runs").isTrue();

      try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0)) {
        assertThat(running(leftOver)).as("the left-over server was stopped").isFalse();
        assertThat(pid(dir)).isNotEqualTo(leftOver);
        try (Connection c = DriverManager.getConnection(server.url());
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT note FROM held")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString("note")).isEqualTo("committed before the kill");
        }
      }
      assertThat(Files.exists(dir.resolve("postmaster.pid"))).as("stopped on close").isFalse();
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void aStalePidFileDoesNotStopTheStart() throws Exception {
    Path dir = data.resolve("postgres");
    try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dir, 0)) {
      assertThat(first.port()).isPositive();
    }
    // As after a reboot: the file names a pid that is not a PostgreSQL server.
    Files.writeString(dir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dir + "\n");
    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dir, 0);
        Connection c = DriverManager.getConnection(again.url());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(EmbeddedPostgresServer.DATABASE);
    }
  }

  /** Alive and not a zombie (an orphan's exit may never be reaped in a container). */
  private static boolean running(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().command()).isPresent();
  }

  @Test
  void theServerIsDurableAndOnlyForThoseWhoKnowItsPassword() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("postgres"), 0);
        Connection c = DriverManager.getConnection(server.url());
        Statement s = c.createStatement()) {
      for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
          rs.next();
          assertThat(rs.getString(1)).as(setting).isEqualTo("on");
        }
      }
      String withoutPassword = server.url().replaceAll("&password=[^&]*", "");
      assertThatThrownBy(() -> DriverManager.getConnection(withoutPassword).close())
          .hasMessageContaining("password");
      assertThat(Files.getPosixFilePermissions(EmbeddedPostgresServer.passwordFile(server.directory())))
          .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
  }

  private static long pid(Path dir) throws Exception {
    return Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
  }
}
