package org.hamal.gateway.limits;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.processors.TakeTokens;

/** The cluster's budget of each caller: one map entry per caller, changed on its partition. */
final class ClusterBudget implements CallerRates.Budget {

  static final String MAP = "hamal.rates";

  private final Vertx vertx;
  private final IMap<String, Long> buckets;
  private final long timeoutMillis;

  ClusterBudget(Vertx vertx, HazelcastInstance hazelcast, long timeoutMillis) {
    this.vertx = vertx;
    this.buckets = hazelcast.getMap(MAP);
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Future<Long> take(String key, CallerRates.Rate rate, int want, int least) {
    long interval = Math.max(1, Math.round(1_000_000 / rate.perSecond()));
    return Future.fromCompletionStage(
            buckets.submitToKey(key, new TakeTokens(interval, rate.burst(), want, least))
                .toCompletableFuture().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS),
            vertx.getOrCreateContext());
  }
}
