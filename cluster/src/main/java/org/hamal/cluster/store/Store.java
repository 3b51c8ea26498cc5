package org.hamal.cluster.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.hamal.cluster.CommitOutcomeUnknown;
import org.hamal.cluster.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store: one PostgreSQL database behind Vert.x's asynchronous JDBC pool, its schema
 * kept by Flyway. With no URL configured the node runs its own server ({@link
 * EmbeddedPostgresServer}) in its data directory. Repositories run their SQL through {@link
 * #query} and {@link #transaction}, which bound every operation in time and redo a transaction
 * that collided with another one.
 */
public final class Store {

  private static final Logger LOG = LoggerFactory.getLogger(Store.class);

  /**
   * A unique violation: a retry on another node stored the same key first. Like a conflict
   * ({@link Unavailable#CONFLICT_STATES}) the work is read again and redone.
   */
  private static final String UNIQUE_VIOLATION = "23505";
  private static final int ATTEMPTS = 3;
  /** The first pause before redoing work that collided: the other side commits meanwhile. */
  private static final long COLLISION_BACKOFF_MILLIS = 5;
  /**
   * How many more timeouts a commit already sent at the deadline is waited for, before its
   * outcome is unknown: long enough for a slow fsync, short enough that the commits queued
   * behind it (one runs at a time) and their callers are not held for long.
   */
  private static final int COMMIT_PATIENCE_TIMEOUTS = 1;
  /** What the embedded default kept in the data directory before it was PostgreSQL. */
  private static final String LEGACY_H2_FILE = "hamal.mv.db";

  private final Vertx vertx;
  private final StoreOptions options;
  private final EmbeddedPostgresServer embedded;
  private final String url;
  private final RenewingPool pool;
  private final ReportRepository reports;
  private final MediaRepository media;

  private Store(Vertx vertx, StoreOptions options, EmbeddedPostgresServer embedded, String url) {
    this.vertx = vertx;
    this.options = options;
    this.embedded = embedded;
    this.url = url;
    this.pool =
        new RenewingPool(
            () ->
                JDBCPool.pool(
                    vertx,
                    new JDBCConnectOptions().setJdbcUrl(url).setUser(options.user()).setPassword(options.password()),
                    new PoolOptions().setMaxSize(options.poolSize()).setName("hamal-store")));
    this.reports = new ReportRepository(vertx, this, options);
    this.media = new MediaRepository(this);
  }

  /**
   * Starts the embedded server when no URL is configured, brings the schema up to date and opens
   * the pool (blocking work, on a worker thread).
   */
  public static Future<Store> open(Vertx vertx, StoreOptions options) {
    return vertx.executeBlocking(() -> {
      EmbeddedPostgresServer server = null;
      String url = options.url();
      if (options.isEmbedded()) {
        Path dir = Path.of(options.embeddedDir());
        Path legacy = dir.resolveSibling(LEGACY_H2_FILE);
        if (Files.exists(legacy)) {
          // Starting on an empty store would put every earlier report out of service unnoticed.
          throw new IllegalStateException(legacy + " is the H2 store of a Hamal from before December 2026, which"
              + " is not read any more: its reports would not be served. Move it out of the data directory to"
              + " start on a new store (docs/durability.md)");
        }
        server = EmbeddedPostgresServer.start(dir, 0);
        url = server.url();
      }
      try {
        migrate(url, options);
      } catch (RuntimeException e) {
        if (server != null) {
          server.close();
        }
        throw e;
      }
      return new Store(vertx, options, server, withDriverDefaults(url));
    });
  }

  /**
   * The URL with the PostgreSQL driver's settings Hamal relies on, unless it names them itself:
   * a commit group's inserts sent as multi-row statements, not one statement per report.
   */
  static String withDriverDefaults(String url) {
    if (url.contains("reWriteBatchedInserts=")) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
  }

  private static void migrate(String url, StoreOptions options) {
    var result =
        Flyway.configure()
            .dataSource(url, options.user(), options.password())
            .locations("classpath:db/migration")
            .load()
            .migrate();
    LOG.info("Store schema up to date ({} migrations applied now)", result.migrationsExecuted);
  }

  /**
   * Runs reads, bounded in time. They too run in a transaction of their own: Vert.x 5.0.7's JDBC
   * pool leaves a connection out of auto-commit after any transaction (vert-x3/vertx-jdbc-client#356),
   * so a bare read would open a transaction that stays open, its snapshot holding back PostgreSQL's
   * vacuum, until the connection's next use.
   */
  public <T> Future<T> query(Function<SqlClient, Future<T>> work) {
    return pool.use(p -> p.withTransaction(work::apply)).timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code work} in one transaction, bounded in time; all or nothing. Work that collided
   * with another transaction is redone, so {@code work} must read what it decides on.
   *
   * <p>The caller's answer tells the truth about the store. Work still running at the deadline
   * ({@code timeoutMillis}) fails the caller with a timeout and is rolled back whenever it ends,
   * never committed. A commit already sent is waited for (one more timeout): its outcome is the
   * answer. A commit that got no answer in that time, or whose connection died under it, fails
   * with {@link CommitOutcomeUnknown}: it may have been stored.
   */
  public <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    // OPEN until either a commit is sent or the deadline passes, whichever comes first.
    AtomicReference<Phase> phase = new AtomicReference<>(Phase.OPEN);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis());
    Promise<T> answer = Promise.promise();
    long atDeadline = vertx.setTimer(options.timeoutMillis(), id -> {
      if (phase.compareAndSet(Phase.OPEN, Phase.LATE)) {
        answer.tryFail(new TimeoutException("the store did not finish in time; the work is rolled back"));
      }
    });
    long atLast = vertx.setTimer(options.timeoutMillis() * (1 + COMMIT_PATIENCE_TIMEOUTS), id -> answer.tryFail(
        new CommitOutcomeUnknown("a commit got no answer in time", new TimeoutException())));
    redoneOnCollision(() -> attempt(work, phase, deadline), phase, 1).onComplete(ar -> {
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else {
        answer.tryFail(ar.cause());
      }
    });
    return answer.future().onComplete(ar -> {
      vertx.cancelTimer(atDeadline);
      vertx.cancelTimer(atLast);
    });
  }

  /** Where a transaction stands against its deadline. */
  private enum Phase {
    OPEN,
    COMMITTING,
    LATE
  }

  /** One try of a transaction: rolled back on failure and past the deadline, else committed. */
  private <T> Future<T> attempt(Function<SqlConnection, Future<T>> work, AtomicReference<Phase> phase, long deadline) {
    return pool.use(p -> p.getConnection().compose(conn -> conn.begin()
        .compose(tx -> work.apply(conn).transform(done -> {
          if (done.failed()) {
            return tx.rollback().transform(r -> Future.<T>failedFuture(done.cause()));
          }
          if (!phase.compareAndSet(Phase.OPEN, Phase.COMMITTING)) {
            return tx.rollback().transform(r -> Future.<T>failedFuture(
                new TimeoutException("the transaction outlasted its deadline and was rolled back")));
          }
          return tx.commit().transform(committed -> {
            if (committed.succeeded()) {
              return Future.succeededFuture(done.result());
            }
            // Not committed: a redo may commit, unless the deadline passed meanwhile.
            phase.set(System.nanoTime() - deadline < 0 ? Phase.OPEN : Phase.LATE);
            return Future.<T>failedFuture(Unavailable.isConnectionLost(committed.cause())
                ? new CommitOutcomeUnknown("the connection was lost during a commit", committed.cause())
                : committed.cause());
          });
        }))
        .eventually(conn::close)));
  }

  /** Redoes work that collided, unless its caller has been answered already (past the deadline). */
  private <T> Future<T> redoneOnCollision(Supplier<Future<T>> work, AtomicReference<Phase> phase, int attempt) {
    return work.get().recover(err -> attempt < ATTEMPTS && phase.get() != Phase.LATE && isCollision(err)
        ? afterBackoff(attempt).compose(v -> redoneOnCollision(work, phase, attempt + 1))
        : Future.failedFuture(err));
  }

  private Future<Void> afterBackoff(int attempt) {
    Promise<Void> later = Promise.promise();
    vertx.setTimer(COLLISION_BACKOFF_MILLIS * attempt, id -> later.complete());
    return later.future();
  }

  private static boolean isCollision(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && (UNIQUE_VIOLATION.equals(sql.getSQLState()) || Unavailable.CONFLICT_STATES.contains(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  public ReportRepository reports() {
    return reports;
  }

  /** Photos attached to reports. */
  public MediaRepository media() {
    return media;
  }

  /** Proves the store takes writes: used by readiness. */
  public Future<Void> probe(String node) {
    return transaction(conn -> conn
            .preparedQuery("INSERT INTO store_probe (node, probed) VALUES (?, ?)"
                + " ON CONFLICT (node) DO UPDATE SET probed = EXCLUDED.probed")
            .execute(Tuple.of(node, System.currentTimeMillis())))
        .mapEmpty();
  }

  /**
   * What tells this database from any other: the server's system identifier (set by its {@code
   * initdb}) and the database's name. Every node of a cluster must see the same.
   */
  public Future<String> identity() {
    return query(c -> c.query("SELECT system_identifier::text AS server, current_database() AS db FROM pg_control_system()")
            .execute())
        .map(rows -> {
          Row row = rows.iterator().next();
          return row.getString("server") + "/" + row.getString("db");
        });
  }

  /** True when this node runs the store's server itself (no URL configured). */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /** Where the store is, for operators: the URL without its password. */
  public String location() {
    return url.replaceAll("(?i)password=[^&]*", "password=***");
  }

  /** Commits what is queued, closes the pool, then stops the embedded server if there is one. */
  public Future<Void> close() {
    return reports.drain()
        .eventually(pool::close)
        .eventually(() -> embedded == null
            ? Future.succeededFuture()
            : vertx.executeBlocking(() -> {
              embedded.close();
              return null;
            }, false));
  }
}
