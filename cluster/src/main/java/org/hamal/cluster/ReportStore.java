package org.hamal.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable report store: a relational database (H2 embedded, PostgreSQL in production)
 * behind Vert.x's asynchronous JDBC pool, with the schema kept by Flyway. A report is durable
 * once {@link #insert} succeeds; intake acknowledges only then. Inserts go through a {@link
 * GroupCommitter} so many reports share one transaction under load.
 */
public final class ReportStore {

  private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);

  private static final String COLUMNS =
      "id, district, layer_version, snapped, snap_distance_m, category, status, description,"
          + " lon, lat, reporter_name, reporter_phone, channel, received_at, version,"
          + " priority, assignee, updated_at, deferred, incident_id";
  /** Position of idempotency_key and request_hash after {@link #COLUMNS} in a select. */
  private static final int KEY_COLUMN = 20;
  private static final String INSERT =
      "INSERT INTO report ("
          + COLUMNS
          + ", idempotency_key, request_hash)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String UPDATE =
      "UPDATE report SET status = ?, assignee = ?, updated_at = ?, version = ?, deferred = ?,"
          + " incident_id = ? WHERE id = ? AND version = ?";
  static final String INSERT_HISTORY =
      "INSERT INTO report_history (report_id, version, at, actor, status, assignee, note)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";
  /** SQLSTATE of a unique-constraint violation, in H2 and PostgreSQL alike. */
  /**
   * Another transaction stored the same key first: a unique violation (23505), or, in H2, a
   * key another transaction holds uncommitted (90131, "concurrent update"); PostgreSQL may also
   * refuse a serialization (40001). The work is read again and redone.
   */
  private static final java.util.Set<String> COLLISIONS = java.util.Set.of("23505", "90131", "40001");
  /** A concurrent retry on another node can win the race for a key; then we look again. */
  private static final int ATTEMPTS = 3;
  /**
   * The restore passes run against the database as it is open now (H2 with a journal only). Its
   * rows are never written to disk: they vanish whenever the database is opened again — after
   * its host died, with whatever it lost — and no write is made until a pass has run since.
   * Created outside the migrations because it is H2's and the journal's alone.
   */
  private static final String RESTORES_TABLE =
      "CREATE MEMORY TABLE IF NOT EXISTS store_restore (pass VARCHAR(36) PRIMARY KEY, done BOOLEAN NOT NULL)"
          + " NOT PERSISTENT";
  private static final String RESTORED_SINCE_OPEN = "SELECT pass FROM store_restore WHERE done LIMIT 1";
  private static final String PASS_REGISTERED = "SELECT pass FROM store_restore WHERE pass = ?";
  /** The first pause before redoing work that collided with another transaction's. */
  private static final long COLLISION_BACKOFF_MILLIS = 5;
  /** Restore passes a write waits for before it gives up (the store kept being opened again). */
  private static final int FENCE_ROUNDS = 3;
  /** SQLSTATE of a table that does not exist. */
  private static final String NO_SUCH_TABLE = "42S02";

  /** Journaled reports checked against the store per query when restoring. */
  private static final int RESTORE_CHUNK = 500;

  private final Vertx vertx;
  private final StoreOptions options;
  private final RenewingPool pool;
  private final GroupCommitter<Submission, Receipt> committer;
  /** Null unless the store can lose acknowledged commits when its host process dies (H2 mixed mode). */
  private final IntakeJournal journal;
  /** The restore pass writes wait for, while one runs ({@link #restoreStartedAfter}). */
  private final java.util.concurrent.atomic.AtomicReference<RunningPass> restoring =
      new java.util.concurrent.atomic.AtomicReference<>();

  private ReportStore(Vertx vertx, StoreOptions options, IntakeJournal journal) {
    this.vertx = vertx;
    this.options = options;
    this.journal = journal;
    this.pool =
        new RenewingPool(
            () ->
                JDBCPool.pool(
                    vertx,
                    new JDBCConnectOptions()
                        .setJdbcUrl(StoreOpened.withListener(options.url()))
                        .setUser(options.user())
                        .setPassword(options.password()),
                    new PoolOptions().setMaxSize(options.poolSize()).setName("hamal-store")));
    this.committer =
        new GroupCommitter<>(vertx, options.maxBatch(), options.lingerMillis(), this::commit);
  }

  /**
   * Migrates the schema (blocking, on a worker), opens the pool and, with an intake journal,
   * first puts back what the journals hold and the store lost.
   */
  public static Future<ReportStore> open(Vertx vertx, StoreOptions options) {
    return vertx
        .executeBlocking(() -> {
          migrate(options);
          JournalOptions j = options.journal();
          return j != null && j.enabledFor(options.url())
              ? new IntakeJournal(java.nio.file.Path.of(j.dir()), j.rollSeconds() * 1000L, new ReportJson(java.time.ZoneOffset.UTC))
              : null;
        })
        .map(journal -> new ReportStore(vertx, options, journal))
        .compose(store -> store.restoreFromJournals().map(store));
  }

  /**
   * Stores every report the intake journals of this machine hold and the store does not have
   * (by id, or by idempotency key: a retry stored since), and brings every report the store holds
   * at an older version than a journaled change forward to it: what was acknowledged just before
   * the store's host process died (see {@link IntakeJournal}). Returns how many reports were put
   * back or brought forward.
   */
  public Future<Integer> restoreFromJournals() {
    if (journal == null) {
      return Future.succeededFuture(0);
    }
    String pass = java.util.UUID.randomUUID().toString();
    return beginPass(pass)
        .compose(started -> vertx.executeBlocking(() -> {
          // The store's last open is read before the journals: an open after this can only keep
          // more files, never let one go unchecked.
          long storeOpenedAt = StoreOpened.lastOpened(options.url());
          return Map.entry(storeOpenedAt, journal.readAll());
        }, false))
        .compose(read -> restore(read.getValue().submissions())
            .compose(n -> ChangeRestore.restore(pool, read.getValue().changes(), RESTORE_CHUNK, options.timeoutMillis(), this::markRestoring)
                .map(m -> n + m))
            // What an unreadable journal holds may be missing: such a pass never counts.
            .compose(n -> read.getValue().unreadable().isEmpty()
                ? endPass(pass).map(n)
                : Future.failedFuture(new IllegalStateException(
                    "intake journals unreadable, so not restored: " + read.getValue().unreadable())))
            .compose(n -> n > 0
                // What was just put back is a new commit of this host: as much at risk as any.
                ? markRestoring().map(n)
                : vertx.executeBlocking(() -> {
                  journal.discard(read.getValue().finished(), read.getKey());
                  return n;
                }, false)))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.warn("Restored {} acknowledged reports or changes from the intake journals that the store had lost", n);
          }
        });
  }

  /**
   * Registers a restore pass with the database as it is open now: the row vanishes if the
   * database is opened again before the pass ends, and then the pass does not count.
   */
  private Future<Void> beginPass(String pass) {
    if (!fencesWrites()) {
      return Future.succeededFuture();
    }
    return pool.use(p -> p.query(RESTORES_TABLE).execute()
            .compose(v -> p.withTransaction(conn ->
                conn.preparedQuery("INSERT INTO store_restore (pass, done) VALUES (?, FALSE)").execute(Tuple.of(pass)))))
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  /** Marks the pass done, if the database has not been opened again since it began. */
  private Future<Void> endPass(String pass) {
    if (!fencesWrites()) {
      return Future.succeededFuture();
    }
    return pool.use(p -> p.withTransaction(conn ->
            conn.preparedQuery("UPDATE store_restore SET done = TRUE WHERE pass = ?").execute(Tuple.of(pass))))
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
        .compose(rows -> rows.rowCount() == 1
            ? Future.succeededFuture()
            : Future.failedFuture(new IllegalStateException("the store was opened again during a restore from the journals")));
  }

  /**
   * Runs a write transaction, but only on a database a restore pass has run against since it was
   * last opened: after its host died and another process opened it, what the host lost and the
   * journals hold must be back before anything is written over it (a retry stored under a lost
   * report's key, or a change numbered like a lost one). Then journals what it committed, before
   * anything is answered, and makes sure a restore saw the journal lines: had the database been
   * opened again between the commit and the append, the passes since may have read the journals
   * without them, and the commit may be what the old host lost. Without a journal, just the
   * transaction.
   */
  private <T> Future<T> write(Function<SqlConnection, Future<T>> work, Function<T, Future<Void>> journalIt) {
    // Only the transaction is redone or timed out: once it committed, what follows must finish.
    return redoneOnCollision(() -> transact(work), 1)
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
        .compose(done -> journalIt.apply(done.value())
            .compose(v -> done.pass() == null ? Future.succeededFuture() : journaledUnder(done.pass(), System.nanoTime()))
            .map(done.value()));
  }

  /** The transaction, fenced when the store can lose commits. */
  private <T> Future<Fenced<T>> transact(Function<SqlConnection, Future<T>> work) {
    return fencesWrites()
        ? write(work, 1)
        : pool.use(p -> p.withTransaction(work)).map(value -> new Fenced<>(null, value));
  }

  /** Work that collided with another transaction on a key, redone after a short pause. */
  private <T> Future<T> redoneOnCollision(java.util.function.Supplier<Future<T>> work, int attempt) {
    return work.get().recover(err -> attempt < ATTEMPTS && isCollision(err)
        ? afterBackoff(attempt).compose(v -> redoneOnCollision(work, attempt + 1))
        : Future.failedFuture(err));
  }

  private <T> Future<Fenced<T>> write(Function<SqlConnection, Future<T>> work, int round) {
    // A pass joined late may have run against an earlier opening: then another one.
    return fenced(work).recover(err -> err instanceof NotRestored && round <= FENCE_ROUNDS
        ? restoreBeforeWriting().compose(n -> write(work, round + 1))
        : Future.failedFuture(err));
  }

  /** What a write transaction returned, and the restore pass it ran after (null: not fenced). */
  private record Fenced<T>(String pass, T value) {}

  private <T> Future<Fenced<T>> fenced(Function<SqlConnection, Future<T>> work) {
    return pool.use(p -> p.withTransaction(conn -> conn.query(RESTORED_SINCE_OPEN).execute()
        .recover(err -> Future.failedFuture(isNoSuchTable(err) ? new NotRestored() : err))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new NotRestored())
            : work.apply(conn).map(value -> new Fenced<>(rows.iterator().next().getString(0), value)))));
  }

  /**
   * Succeeds once the journal lines appended by {@code journaledAt} (nanoTime) are known to a
   * restore pass of the database as it is open now: at once if the pass the write ran after is
   * still registered (the database was not opened again since the commit), otherwise after a
   * pass that started later — it reads them, and puts back the commit if the new opening lacks it.
   */
  private Future<Void> journaledUnder(String pass, long journaledAt) {
    return pool.use(p -> p.preparedQuery(PASS_REGISTERED).execute(Tuple.of(pass)))
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> {
          if (ar.succeeded() && ar.result().size() == 1) {
            return Future.succeededFuture();
          }
          if (ar.succeeded() || RenewingPool.isConnectionLost(ar.cause()) || isNoSuchTable(ar.cause())) {
            return restoreStartedAfter(journaledAt).mapEmpty();
          }
          return Future.failedFuture(ar.cause());
        });
  }

  /** Writes wait for a restore after each open: H2 with a journal (the store that loses commits). */
  private boolean fencesWrites() {
    return journal != null && options.url().startsWith("jdbc:h2:");
  }

  /** One restore pass for all the writes that wait for it: the one running, or a new one. */
  private Future<Integer> restoreBeforeWriting() {
    return restoreStartedAfter(Long.MIN_VALUE);
  }

  /**
   * A restore pass that started after {@code nanos} (nanoTime; {@link Long#MIN_VALUE}: any): the
   * one running if it did, else a new one once it ends. One runs at a time per store.
   */
  private Future<Integer> restoreStartedAfter(long nanos) {
    io.vertx.core.Promise<Integer> mine = io.vertx.core.Promise.promise();
    RunningPass next = new RunningPass(System.nanoTime(), mine.future());
    while (!restoring.compareAndSet(null, next)) {
      RunningPass running = restoring.get();
      if (running != null) {
        return nanos == Long.MIN_VALUE || running.startedNanos() - nanos > 0
            ? running.outcome()
            : running.outcome().transform(ended -> restoreStartedAfter(nanos));
      }
    }
    LOG.info("The store was opened since the last restore from the intake journals; restoring before answering");
    restoreFromJournals().onComplete(done -> {
      restoring.set(null);
      mine.handle(done);
    });
    return mine.future();
  }

  /** A restore pass writes wait for, and when it started (nanoTime). */
  private record RunningPass(long startedNanos, Future<Integer> outcome) {}

  /** The database has not been restored from the journals since it was last opened. */
  private static final class NotRestored extends RuntimeException {
    NotRestored() {
      super("not restored from the intake journals since the store was opened", null, false, false);
    }
  }

  /** Records that a restore writes, before and after it does ({@link IntakeJournal#restoring}). */
  private Future<Void> markRestoring() {
    return vertx.executeBlocking(() -> {
      journal.restoring(System.currentTimeMillis());
      return null;
    }, false);
  }

  private Future<Integer> restore(List<Submission> journaled) {
    // One submission per id and per key, the first journaled: a key is stored once.
    java.util.Map<String, Submission> byId = new java.util.LinkedHashMap<>();
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (Submission s : journaled) {
      if (!byId.containsKey(s.report().id()) && (s.idempotencyKey() == null || keys.add(s.idempotencyKey()))) {
        byId.put(s.report().id(), s);
      }
    }
    List<Submission> all = new ArrayList<>(byId.values());
    Future<Integer> restored = Future.succeededFuture(0);
    for (int from = 0; from < all.size(); from += RESTORE_CHUNK) {
      List<Submission> chunk = all.subList(from, Math.min(all.size(), from + RESTORE_CHUNK));
      restored = restored.compose(n -> redoneOnCollision(() -> restoreChunk(chunk), 1).map(m -> n + m));
    }
    return restored;
  }

  /**
   * Puts back what the chunk holds and the store lacks. A restore running on another node at the
   * same time may insert some of the same rows first: then the chunk is read again.
   */
  private Future<Integer> restoreChunk(List<Submission> chunk) {
    StringBuilder sql = new StringBuilder("SELECT id, idempotency_key FROM report WHERE id IN (");
    Tuple args = Tuple.tuple();
    appendParams(sql, args, chunk.stream().map(s -> s.report().id()).toList());
    sql.append(')');
    List<String> journaledKeys = chunk.stream().map(Submission::idempotencyKey).filter(java.util.Objects::nonNull).toList();
    if (!journaledKeys.isEmpty()) {
      sql.append(" OR idempotency_key IN (");
      appendParams(sql, args, journaledKeys);
      sql.append(')');
    }
    return pool.use(
            p ->
                p.withTransaction(
                    conn ->
                        conn.preparedQuery(sql.toString())
                            .execute(args)
                            .compose(rows -> {
                              java.util.Set<String> ids = new java.util.HashSet<>();
                              java.util.Set<String> keys = new java.util.HashSet<>();
                              rows.forEach(row -> {
                                ids.add(row.getString(0));
                                keys.add(row.getString(1));
                              });
                              List<Tuple> missing = new ArrayList<>();
                              for (Submission s : chunk) {
                                if (!ids.contains(s.report().id())
                                    && (s.idempotencyKey() == null || !keys.contains(s.idempotencyKey()))) {
                                  missing.add(toRow(s));
                                }
                              }
                              return missing.isEmpty()
                                  ? Future.succeededFuture(0)
                                  : markRestoring()
                                      .compose(v -> conn.preparedQuery(INSERT).executeBatch(missing))
                                      .map(missing.size());
                            })))
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS);
  }

  private static Void migrate(StoreOptions options) {
    var result =
        Flyway.configure()
            .dataSource(StoreOpened.withListener(options.url()), options.user(), options.password())
            .locations("classpath:db/migration")
            .load()
            .migrate();
    LOG.info("Store schema up to date ({} migrations applied now)", result.migrationsExecuted);
    return null;
  }

  /**
   * Stores a new report, or finds the one an earlier submission with the same key or client id
   * stored. The future succeeds only once the report is committed.
   */
  public Future<Receipt> insert(Submission submission) {
    return committer.submit(submission);
  }

  /** Stores reports in one transaction; receipts come in the order of the submissions. */
  public Future<List<Receipt>> insertAll(List<Submission> submissions) {
    return committer.submitAll(submissions);
  }

  /** The intake journal, or null; its monitor guards appends (tests hold it to delay one). */
  IntakeJournal journal() {
    return journal;
  }

  /** The district layers activated at run time, in the same database. */
  public LayerArchive layers() {
    return new LayerArchive(pool, options.timeoutMillis());
  }

  /** Reports waiting for a commit on this node: how saturated the store is. */
  public int queuedReports() {
    return committer.queued();
  }

  /** Lets emergency mode widen or narrow the commit groups. */
  public void tuneGroupCommit(int maxBatch, long lingerMillis) {
    committer.tune(maxBatch, lingerMillis);
  }

  private Future<List<Receipt>> commit(List<Submission> batch) {
    return write(
            conn ->
                existing(conn, batch)
                    .compose(
                        stored -> {
                          IntakePlan plan = new IntakePlan(batch, stored);
                          if (plan.toInsert().isEmpty()) {
                            return Future.succeededFuture(plan);
                          }
                          List<Tuple> rows = new ArrayList<>(plan.toInsert().size());
                          for (Submission sub : plan.toInsert()) {
                            rows.add(toRow(sub));
                          }
                          return conn.preparedQuery(INSERT).executeBatch(rows).map(plan);
                        }),
            plan -> journal(plan.toJournal()))
        .map(IntakePlan::receipts)
        // A group is answered in bounded time, even if its journal append hangs.
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Journals a committed group, with the stored reports it replays, before it is acknowledged: no
   * acknowledged report is missing from the journals.
   */
  private Future<Void> journal(List<Submission> acknowledged) {
    if (journal == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      journal.append(acknowledged, System.currentTimeMillis());
      return null;
    }, false);
  }

  /** Journals committed changes before they are acknowledged, as {@link #journal(List)} does reports. */
  private Future<Void> journal(List<ReportChange> changes, ReportChange.Request request) {
    if (journal == null) {
      return Future.succeededFuture();
    }
    List<IntakeJournal.Change> applied = new ArrayList<>(changes.size());
    for (ReportChange c : changes) {
      if (c.outcome() == ReportChange.Outcome.APPLIED) {
        applied.add(new IntakeJournal.Change(c.after(), request.actor(), request.note()));
      }
    }
    if (applied.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      journal.appendChanges(applied, System.currentTimeMillis());
      return null;
    }, false);
  }

  /** Rows already stored under the batch's keys or client ids; none asked when none can exist. */
  private static Future<List<IntakePlan.Stored>> existing(
      io.vertx.sqlclient.SqlConnection conn, List<Submission> batch) {
    List<String> keys = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Submission s : batch) {
      if (s.idempotencyKey() != null) {
        keys.add(s.idempotencyKey());
      }
      if (s.mayRepeat()) {
        ids.add(s.report().id());
      }
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + ", idempotency_key, request_hash FROM report WHERE id IN (");
    Tuple args = Tuple.tuple();
    appendParams(sql, args, ids);
    sql.append(')');
    if (!keys.isEmpty()) {
      sql.append(" OR idempotency_key IN (");
      appendParams(sql, args, keys);
      sql.append(')');
    }
    return conn.preparedQuery(sql.toString())
        .execute(args)
        .map(
            rows -> {
              List<IntakePlan.Stored> out = new ArrayList<>(rows.size());
              rows.forEach(
                  row -> out.add(new IntakePlan.Stored(fromRow(row), row.getString(KEY_COLUMN), row.getString(KEY_COLUMN + 1))));
              return out;
            });
  }

  private static void appendParams(StringBuilder sql, Tuple args, List<String> values) {
    String sep = "";
    for (String v : values) {
      sql.append(sep).append('?');
      args.addString(v);
      sep = ", ";
    }
  }

  /** A short, growing pause before work that collided is redone: the other side commits meanwhile. */
  private Future<Void> afterBackoff(int attempt) {
    io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
    vertx.setTimer(COLLISION_BACKOFF_MILLIS * attempt, id -> later.complete());
    return later.future();
  }

  private static boolean isCollision(Throwable err) {
    return hasSqlState(err, COLLISIONS);
  }

  private static boolean isNoSuchTable(Throwable err) {
    return hasSqlState(err, java.util.Set.of(NO_SUCH_TABLE));
  }

  /** Whether the failure, or one of its causes, is an SQL error with one of these states. */
  private static boolean hasSqlState(Throwable err, java.util.Set<String> states) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && states.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  public Future<Optional<Report>> find(String id) {
    return pool.use(p -> p.preparedQuery("SELECT " + COLUMNS + " FROM report WHERE id = ?").execute(Tuple.of(id)))
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(fromRow(rows.iterator().next())));
  }

  /** Reports matching the query, newest first. */
  public Future<List<Report>> list(ReportQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM report WHERE 1 = 1");
    Tuple args = Tuple.tuple();
    if (!query.districts().isEmpty()) {
      sql.append(" AND district IN (");
      appendParams(sql, args, query.districts().stream().sorted().toList());
      sql.append(')');
    }
    if (query.status() != null) {
      sql.append(" AND status = ?");
      args.addString(query.status().wire());
    }
    sql.append(" ORDER BY received_at DESC, id DESC LIMIT ?");
    args.addInteger(query.limit());
    return reports(sql.toString(), args);
  }

  /** Open reports in id order after {@code afterId} (null: from the start), for rebuilding. */
  public Future<List<Report>> openAfter(String afterId, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM report WHERE status IN (");
    Tuple args = Tuple.tuple();
    appendParams(
        sql,
        args,
        java.util.Arrays.stream(ReportStatus.values()).filter(ReportStatus::isOpen).map(ReportStatus::wire).toList());
    sql.append(')');
    if (afterId != null) {
      sql.append(" AND id > ?");
      args.addString(afterId);
    }
    sql.append(" ORDER BY id LIMIT ?");
    args.addInteger(limit);
    return reports(sql.toString(), args);
  }

  /**
   * Changes a report in one transaction: reads it under a row lock, checks the expected version,
   * lets {@code change} compute the next version (it may refuse by throwing), writes it and its
   * history entry.
   *
   * @param expectedVersion the version the client last saw, or null to change whatever is there
   */
  public Future<ReportChange> update(
      String id, Integer expectedVersion, ReportChange.Request request) {
    return write(conn -> updateIn(conn, id, expectedVersion, request), change -> journal(List.of(change), request));
  }

  /**
   * The same change to several reports in one transaction (an incident's reports moved to
   * another): all or none. Changes come in the order of the ids.
   */
  public Future<List<ReportChange>> updateAll(List<String> ids, ReportChange.Request request) {
    return write(
                    conn -> {
                      List<ReportChange> changes = new ArrayList<>(ids.size());
                      Future<Void> chain = Future.succeededFuture();
                      for (String id : ids) {
                        chain = chain.compose(v -> updateIn(conn, id, null, request).map(c -> {
                          changes.add(c);
                          return null;
                        }));
                      }
                      return chain.map(v -> changes);
                    },
                    changes -> journal(changes, request));
  }

  /** One report's change inside a transaction, under a row lock. */
  private Future<ReportChange> updateIn(
      io.vertx.sqlclient.SqlConnection conn, String id, Integer expectedVersion, ReportChange.Request request) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM report WHERE id = ? FOR UPDATE")
        .execute(Tuple.of(id))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(ReportChange.notFound());
              }
              Report current = fromRow(rows.iterator().next());
              if (expectedVersion != null && expectedVersion != current.version()) {
                return Future.succeededFuture(ReportChange.stale(current));
              }
              Report next = request.apply(current);
              return write(conn, current, next, request).map(v -> ReportChange.applied(current, next));
            });
  }


  private static Future<Void> write(
      io.vertx.sqlclient.SqlConnection conn, Report current, Report next, ReportChange.Request request) {
    HistoryEntry entry = HistoryEntry.of(next, request.actor(), request.note());
    return conn.preparedQuery(UPDATE)
        .execute(updateRow(next, current.version()))
        .compose(v -> conn.preparedQuery(INSERT_HISTORY).execute(historyRow(next.id(), entry)))
        .mapEmpty();
  }

  /** The parameters of {@link #UPDATE}: the report's next state, over the version it replaces. */
  static Tuple updateRow(Report next, int replacedVersion) {
    return Tuple.tuple()
        .addString(next.status().wire())
        .addString(next.assignee())
        .addLong(next.updatedAt().toEpochMilli())
        .addInteger(next.version())
        .addBoolean(next.deferred())
        .addString(next.incident())
        .addString(next.id())
        .addInteger(replacedVersion);
  }

  /** The parameters of {@link #INSERT_HISTORY}. */
  static Tuple historyRow(String reportId, HistoryEntry h) {
    return Tuple.tuple()
        .addString(reportId)
        .addInteger(h.version())
        .addLong(h.at().toEpochMilli())
        .addString(h.actor())
        .addString(h.status().wire())
        .addString(h.assignee())
        .addString(h.note());
  }

  /** The report's history, oldest first: its creation, then every change. */
  public Future<List<HistoryEntry>> history(Report report) {
    return pool.use(
            p ->
                p.preparedQuery(
                        "SELECT version, at, actor, status, assignee, note FROM report_history"
                            + " WHERE report_id = ? ORDER BY version")
                    .execute(Tuple.of(report.id())))
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
        .map(
            rows -> {
              List<HistoryEntry> out = new ArrayList<>(rows.size() + 1);
              out.add(HistoryEntry.creation(report));
              rows.forEach(
                  row ->
                      out.add(
                          new HistoryEntry(
                              row.getInteger(0),
                              Instant.ofEpochMilli(row.getLong(1)),
                              row.getString(2),
                              ReportStatus.fromWire(row.getString(3)).orElseThrow(),
                              row.getString(4),
                              row.getString(5))));
              return out;
            });
  }

  /** Reports received or changed at or after {@code sinceMillis} (epoch milliseconds). */
  public Future<List<Report>> changedSince(long sinceMillis) {
    String sql =
        "SELECT " + COLUMNS + " FROM report WHERE received_at >= ?"
            + " OR id IN (SELECT report_id FROM report_history WHERE at >= ?)";
    return reports(sql, Tuple.of(sinceMillis, sinceMillis));
  }

  /** Writes one mode change to the audit log. */
  public Future<Void> insertModeAudit(ModeAudit a) {
    // In a transaction of its own: Vert.x 5.0's JDBC pool leaves a connection out of auto-commit
    // after any transaction, and a bare statement on it would not be committed when it returns
    // (vert-x3/vertx-jdbc-client#356, fixed after 5.0.7). Every write here is in one.
    return pool.use(
            p -> p.withTransaction(conn ->
                conn.preparedQuery(
                        "INSERT INTO mode_audit (id, at, mode, previous, trigger, actor, reason, details)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .execute(
                        Tuple.tuple()
                            .addString(a.id())
                            .addLong(a.at().toEpochMilli())
                            .addString(a.mode().wire())
                            .addString(a.previous().wire())
                            .addString(a.trigger())
                            .addString(a.actor())
                            .addString(a.reason())
                            .addString(a.details()))))
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  /** The latest mode changes, newest first. */
  public Future<List<ModeAudit>> modeHistory(int limit) {
    return pool.use(
            p ->
                p.preparedQuery(
                        "SELECT id, at, mode, previous, trigger, actor, reason, details FROM mode_audit"
                            + " ORDER BY at DESC LIMIT ?")
                    .execute(Tuple.of(limit)))
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
        .map(
            rows -> {
              List<ModeAudit> out = new ArrayList<>();
              rows.forEach(
                  r ->
                      out.add(
                          new ModeAudit(
                              r.getString(0),
                              Instant.ofEpochMilli(r.getLong(1)),
                              Mode.fromWire(r.getString(2)).orElseThrow(),
                              Mode.fromWire(r.getString(3)).orElseThrow(),
                              r.getString(4),
                              r.getString(5),
                              r.getString(6),
                              r.getString(7))));
              return out;
            });
  }

  /** Every report of an incident, newest first. */
  public Future<List<Report>> byIncident(String incidentId) {
    return reports(
        "SELECT " + COLUMNS + " FROM report WHERE incident_id = ? ORDER BY received_at DESC, id DESC",
        Tuple.of(incidentId));
  }

  /** Open reports deferred during an emergency. */
  public Future<List<Report>> deferredOpen() {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM report WHERE deferred = TRUE AND status IN (");
    Tuple args = Tuple.tuple();
    appendParams(
        sql,
        args,
        java.util.Arrays.stream(ReportStatus.values()).filter(ReportStatus::isOpen).map(ReportStatus::wire).toList());
    sql.append(')');
    return reports(sql.toString(), args);
  }

  /** Proves the store takes writes: used by readiness. */
  public Future<Void> probe(String node) {
    long now = System.currentTimeMillis();
    return pool.use(
            p -> p.withTransaction(
            conn ->
                conn.preparedQuery("DELETE FROM store_probe WHERE node = ?")
                    .execute(Tuple.of(node))
                    .compose(
                        v ->
                            conn.preparedQuery("INSERT INTO store_probe (node, probed) VALUES (?, ?)")
                                .execute(Tuple.of(node, now)))))
        .<Void>mapEmpty()
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS);
  }

  /** Commits what is queued, then closes the pool. */
  public Future<Void> close() {
    return committer
        .drain()
        .eventually(() -> pool.close())
        .eventually(() -> journal == null
            ? Future.succeededFuture()
            : vertx.executeBlocking(() -> {
              journal.close();
              return null;
            }, false));
  }

  private static Tuple toRow(Submission s) {
    Report r = s.report();
    Report.Reporter reporter = r.reporter();
    return Tuple.tuple()
        .addString(r.id())
        .addString(r.district())
        .addString(r.routing().layerVersion())
        .addBoolean(r.routing().snapped())
        .addDouble(r.routing().distanceMeters())
        .addString(r.category())
        .addString(r.status().wire())
        .addString(r.description())
        .addDouble(r.lon())
        .addDouble(r.lat())
        .addString(reporter == null ? null : reporter.name())
        .addString(reporter == null ? null : reporter.phone())
        .addString(r.channel())
        .addLong(r.receivedAt().toEpochMilli())
        .addInteger(r.version())
        .addInteger(r.priority())
        .addString(r.assignee())
        .addLong(r.updatedAt().toEpochMilli())
        .addBoolean(r.deferred())
        .addString(r.incident())
        .addString(s.idempotencyKey())
        .addString(s.requestHash());
  }

  /** Reads a row by position: H2 and PostgreSQL disagree on the case of column labels. */
  private Future<List<Report>> reports(String sql, Tuple args) {
    return pool.use(p -> p.preparedQuery(sql).execute(args))
        .timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS)
        .map(
            rows -> {
              List<Report> out = new ArrayList<>(rows.size());
              rows.forEach(row -> out.add(fromRow(row)));
              return out;
            });
  }

  private static Report fromRow(Row row) {
    String name = row.getString(10);
    String phone = row.getString(11);
    return new Report(
        row.getString(0),
        row.getString(1),
        new Report.Routing(row.getString(2), row.getBoolean(3), row.getDouble(4)),
        row.getString(5),
        row.getInteger(15),
        ReportStatus.fromWire(row.getString(6)).orElseThrow(),
        row.getString(16),
        row.getString(7),
        row.getDouble(8),
        row.getDouble(9),
        name == null && phone == null ? null : new Report.Reporter(name, phone),
        row.getString(12),
        Instant.ofEpochMilli(row.getLong(13)),
        Instant.ofEpochMilli(row.getLong(17)),
        row.getInteger(14),
        row.getBoolean(18),
        row.getString(19));
  }


}
