package org.hamal.gateway.live;

import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.hamal.cluster.OpenReports;
import org.hamal.cluster.ReportEvents;
import com.hazelcast.query.Predicates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the cluster's change log in order, one batch at a time, and hands each batch to the
 * node's live streams through the {@link LiveHub}. One instance per node: every event is decoded
 * and encoded here once, however many clients receive it.
 */
public final class LiveFeedVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeedVerticle.class);
  /** Events read from the log, and handed to the sockets, at a time. */
  static final int READ_BATCH = 512;
  private static final long RETRY_MILLIS = 200;

  private final LiveHub hub;
  private final OpenReports open;
  private static final long HEAT_PERIOD_MILLIS = 2000;
  private volatile boolean stopping;
  private long heatTimer = -1;

  public LiveFeedVerticle(LiveHub hub, OpenReports open) {
    this.hub = hub;
    this.open = open;
  }

  @Override
  public Future<?> start() {
    ReportEvents events = hub.events();
    Future<Long> tail = vertx.executeBlocking(events::tailSequence, false);
    Future<List<JsonObject>> openReports = open.query(vertx, Predicates.alwaysTrue());
    return Future.all(tail, openReports)
        .onSuccess(
            v -> {
              hub.startAt(tail.result(), openReports.result());
              read(tail.result() + 1);
              heatTimer = vertx.setPeriodic(HEAT_PERIOD_MILLIS, id -> heat());
            });
  }

  /**
   * In an emergency every screen gets the heat layer every few seconds, of the districts it may
   * see, encoded once per set of districts.
   */
  private void heat() {
    if (hub.coalescingAll()) {
      hub.broadcastHeat();
    }
  }

  private void read(long from) {
    if (stopping) {
      return;
    }
    hub.events()
        .read(context, from, READ_BATCH)
        .onSuccess(this::handOut)
        .onFailure(err -> readFailed(from, err));
  }

  private void handOut(ReadResultSet<String> read) {
    List<LiveEvent> batch = new ArrayList<>(read.size());
    for (int i = 0; i < read.size(); i++) {
      try {
        batch.add(LiveEvent.decode(read.getSequence(i), read.get(i)));
      } catch (RuntimeException e) {
        LOG.error("Skipping an undecodable event {}", read.getSequence(i), e);
      }
    }
    if (!batch.isEmpty()) {
      hub.append(batch);
    }
    long next = read.getNextSequenceToReadFrom();
    int gather = hub.config().gatherMillis();
    if (gather > 0 && read.size() < READ_BATCH) {
      // Caught up. Under a steady flow, reading again at once hands out one event at a time, and
      // each costs every client it matches a write to the network; gathered for a moment, a
      // client gets them in one. A first event after a quiet spell still goes out at once.
      vertx.setTimer(gather, id -> read(next));
    } else {
      read(next);
    }
  }

  private void readFailed(long from, Throwable err) {
    if (stopping) {
      return;
    }
    Throwable cause = err.getCause() != null ? err.getCause() : err;
    if (cause instanceof StaleSequenceException stale) {
      // Fell behind by more than the log holds: clients resuming before the gap get snapshots.
      LOG.warn("Live feed fell behind the change log; resuming at {}", stale.getHeadSeq());
      read(stale.getHeadSeq());
      return;
    }
    LOG.warn("Reading the change log failed; retrying", err);
    vertx.setTimer(RETRY_MILLIS, id -> read(from));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(heatTimer);
    return Future.succeededFuture();
  }
}
