package org.hamal.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * The open reports, held in a Hazelcast map partitioned across the cluster with synchronous
 * backups: the working set that live screens are built from. The durable store remains the
 * record; this map is rebuilt from it after a full restart.
 */
public final class OpenReports {

  public static final String MAP = "hamal.reports.open";

  private final IMap<String, HazelcastJsonValue> map;
  private final long timeoutMillis;

  public OpenReports(HazelcastInstance hazelcast, long timeoutMillis) {
    this.map = hazelcast.getMap(MAP);
    this.timeoutMillis = timeoutMillis;
  }

  /** Puts or replaces a report (its API JSON), or removes it once it is no longer open. */
  public Future<Void> update(Context context, String id, JsonObject report, boolean open) {
    var stage =
        open
            ? map.setAsync(id, new HazelcastJsonValue(report.encode()))
            : map.removeAsync(id).thenApply(b -> (Void) null);
    return Future.fromCompletionStage(stage, context)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
