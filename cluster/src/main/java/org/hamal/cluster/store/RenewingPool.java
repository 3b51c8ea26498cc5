package org.hamal.cluster.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hamal.cluster.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection pool that replaces itself when its connections die. Vert.x's JDBC pool cannot
 * tell a dead JDBC connection from a live one, so after a database restart or failover it would keep lending broken
 * connections. An operation that fails because its connection is gone retires the whole pool; the
 * next operation gets a fresh one. One failure retires a pool only once.
 */
final class RenewingPool {

  private static final Logger LOG = LoggerFactory.getLogger(RenewingPool.class);

  private final Supplier<Pool> factory;
  private volatile Pool current;

  RenewingPool(Supplier<Pool> factory) {
    this.factory = factory;
    this.current = factory.get();
  }

  /** Runs an operation on the current pool, retiring the pool if its connection was lost. */
  <T> Future<T> use(Function<Pool, Future<T>> operation) {
    Pool pool = current;
    return operation.apply(pool).onFailure(err -> {
      if (Unavailable.isConnectionLost(err)) {
        retire(pool, err);
      }
    });
  }

  private void retire(Pool failed, Throwable cause) {
    synchronized (this) {
      if (current != failed) {
        return; // already replaced after another failure of the same pool
      }
      current = factory.get();
    }
    LOG.warn("Database connection lost ({}); opening a fresh connection pool", cause.toString());
    failed.close();
  }

  Future<Void> close() {
    return current.close();
  }
}
