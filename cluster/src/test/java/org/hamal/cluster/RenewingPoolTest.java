package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real H2 server that dies and comes back, as in a failover. */
class RenewingPoolTest {

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private Server server;

  @AfterEach
  void close() {
    if (server != null) {
      server.stop();
    }
    vertx.close().await();
  }

  @Test
  void afterTheServerComesBackTheNextOperationGetsAFreshConnection() throws Exception {
    server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
    int port = server.getPort();
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/hamal";
    RenewingPool pool =
        new RenewingPool(
            () ->
                JDBCPool.pool(
                    vertx,
                    new JDBCConnectOptions().setJdbcUrl(url).setUser("sa").setPassword(""),
                    new PoolOptions().setMaxSize(1)));
    assertThat(select(pool).await(10, TimeUnit.SECONDS)).isEqualTo(1);

    server.stop();
    server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists").start();

    // The pooled connection died with the old server: this operation fails and retires the pool.
    Throwable failure = select(pool).transform(ar -> Future.succeededFuture(ar.cause())).await(10, TimeUnit.SECONDS);
    assertThat(RenewingPool.isConnectionLost(failure)).as(String.valueOf(failure)).isTrue();
    assertThat(select(pool).await(10, TimeUnit.SECONDS)).isEqualTo(1);
    pool.close().await(10, TimeUnit.SECONDS);
  }

  private static Future<Integer> select(RenewingPool pool) {
    return pool.use(p -> p.query("SELECT 1").execute()).map(rows -> rows.iterator().next().getInteger(0));
  }
}
