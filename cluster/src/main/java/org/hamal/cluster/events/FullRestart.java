package org.hamal.cluster.events;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.StartupWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a full restart the cluster's maps are empty and the store holds everything. The oldest
 * member puts back what the maps need (the open reports, then their incidents) and marks the
 * cluster restored; the others wait for the mark before they serve, so that no node answers from
 * a half-filled map or starts incidents the restore is about to bring back. If the restoring
 * member dies, the next oldest restores in its place. A member joining a running cluster finds
 * the mark and goes on.
 */
public final class FullRestart {

  private static final Logger LOG = LoggerFactory.getLogger(FullRestart.class);
  private static final String RESTORED = "cluster.restored";
  private static final long POLL_MILLIS = 200;

  private FullRestart() {}

  /**
   * Runs {@code restore} on the oldest member if the cluster is not marked restored, else waits
   * for the mark (giving up after {@code patience}, with a warning: the mark may have been lost
   * with members, and a joining node must still start).
   *
   * @return how many reports this member restored
   */
  public static Future<Integer> restoreOrAwait(ClusterNode node, Supplier<Future<Integer>> restore, Duration patience) {
    IMap<String, String> meta = node.hazelcast().getMap(ClusterMaps.META);
    Promise<Integer> done = Promise.promise();
    attempt(node.vertx(), node, meta, restore, System.nanoTime() + patience.toNanos(), done);
    return done.future();
  }

  private static void attempt(Vertx vertx, ClusterNode node, IMap<String, String> meta,
      Supplier<Future<Integer>> restore, long deadline, Promise<Integer> done) {
    vertx.executeBlocking(() -> meta.containsKey(RESTORED) ? Turn.MARKED : node.isOldestMember() ? Turn.MINE : Turn.WAIT, false)
        .onFailure(done::fail)
        .onSuccess(turn -> {
          switch (turn) {
            case MARKED -> done.complete(0);
            case MINE -> restore.get()
                .compose(n -> vertx.executeBlocking(() -> {
                  StartupWrites.putIfAbsent(meta, RESTORED, String.valueOf(System.currentTimeMillis()));
                  return n;
                }, false))
                .onComplete(done);
            case WAIT -> {
              if (System.nanoTime() - deadline > 0) {
                LOG.warn("The cluster is not marked restored after a full restart; serving anyway");
                done.complete(0);
              } else {
                vertx.setTimer(POLL_MILLIS, id -> attempt(vertx, node, meta, restore, deadline, done));
              }
            }
          }
        });
  }

  private enum Turn {
    MARKED,
    MINE,
    WAIT
  }
}
