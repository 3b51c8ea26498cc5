package org.hamal.cluster.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.TestPorts;
import org.hamal.cluster.Unavailable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real PostgreSQL server that stops and comes back, as in a restart or a failover. */
class RenewingPoolTest {

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private EmbeddedPostgresServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
    vertx.close().await();
  }

  @Test
  void afterTheServerComesBackTheNextOperationGetsAFreshConnection() throws Exception {
    int port = TestPorts.free();
    server = EmbeddedPostgresServer.start(dir.resolve("pg"), port);
    String url = server.url();
    RenewingPool pool = new RenewingPool(() ->
        JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(url), new PoolOptions().setMaxSize(1)));
    assertThat(select(pool).await(10, TimeUnit.SECONDS)).isEqualTo(1);

    server.close();
    server = EmbeddedPostgresServer.start(dir.resolve("pg"), port);

    // The pooled connection died with the old server: this operation fails and retires the pool.
    Throwable failure = select(pool).transform(ar -> Future.succeededFuture(ar.cause())).await(10, TimeUnit.SECONDS);
    assertThat(Unavailable.isConnectionLost(failure)).as(String.valueOf(failure)).isTrue();
    assertThat(select(pool).await(10, TimeUnit.SECONDS)).isEqualTo(1);
    pool.close().await(10, TimeUnit.SECONDS);
  }

  private static Future<Integer> select(RenewingPool pool) {
    return pool.use(p -> p.query("SELECT 1").execute()).map(rows -> rows.iterator().next().getInteger(0));
  }
}
