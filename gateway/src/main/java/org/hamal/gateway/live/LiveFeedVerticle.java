package org.hamal.gateway.live;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.query.Predicates;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.events.ReportEvents;
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

  /** The newest entries read that are checked against the log after a member left. */
  static final int VERIFY_SPAN = 1000;
  private static final int VERIFY_ATTEMPTS = 5;

  private final LiveHub hub;
  private final OpenReports open;
  private final Cluster cluster;
  private static final long HEAT_PERIOD_MILLIS = 2000;
  private volatile boolean stopping;
  private long heatTimer = -1;
  private UUID membership;
  /** Bumped when the feed moves back: a read started before that is not handed out. */
  private long generation;
  private boolean verifying;
  private boolean verifyAgain;

  public LiveFeedVerticle(LiveHub hub, OpenReports open, Cluster cluster) {
    this.hub = hub;
    this.open = open;
    this.cluster = cluster;
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
              hub.onRewind(this::readAgainFrom);
              read(tail.result() + 1, generation);
              heatTimer = vertx.setPeriodic(HEAT_PERIOD_MILLIS, id -> heat());
              membership = cluster.addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {}

                @Override
                public void memberRemoved(MembershipEvent event) {
                  context.runOnContext(v -> verify(1));
                }
              });
            });
  }

  /**
   * Checks the newest entries the feed read against the log as it now stands. A reader can see
   * an append before the backups have it; when the owner of the log's partition dies then, the
   * append is lost and its sequence goes to a later one. Entries read from there on are taken
   * back ({@link LiveHub#rewind}) and read again.
   */
  private void verify(int attempt) {
    if (verifying) {
      verifyAgain = true;
      return;
    }
    verifying = true;
    long last = hub.lastSeq();
    long from = Math.max(0, last - VERIFY_SPAN + 1);
    ReportEvents events = hub.events();
    vertx.executeBlocking(events::tailSequence, false)
        .compose(tail -> tail < from
            ? Future.succeededFuture(divergence(from, List.of(), hub::tagAt, last, tail))
            : events.tags(context, from, (int) Math.min(VERIFY_SPAN, tail - from + 1))
                .map(tags -> divergence(from, tags, hub::tagAt, last, tail)))
        .onComplete(found -> {
          verifying = false;
          if (found.failed() && attempt < VERIFY_ATTEMPTS && !stopping) {
            // The log's partition may still be moving to its new owner.
            vertx.setTimer(RETRY_MILLIS * attempt, id -> verify(attempt + 1));
          } else if (found.failed()) {
            LOG.warn("Checking the live feed against the change log failed", found.cause());
          } else if (found.result() >= 0 && !stopping) {
            long at = found.result();
            LOG.warn("The change log holds other entries from {} on than this node read up to {}: "
                + "they are read again and their clients sent snapshots", at, last);
            hub.rewind(at);
          }
          if (verifyAgain) {
            verifyAgain = false;
            verify(1);
          }
        });
  }

  /**
   * Reads the log again from {@code from}: a read started before is not handed out. From any
   * thread; called by {@link LiveHub#rewind} before it takes back the events.
   */
  private void readAgainFrom(long from) {
    if (io.vertx.core.Vertx.currentContext() == context) {
      generation++; // at once: a read completing before the new one starts is not handed out
      read(from, generation);
    } else {
      context.runOnContext(v -> readAgainFrom(from));
    }
  }

  /**
   * The first sequence from which what the feed read ({@code readTag}, up to {@code last}) and the
   * log ({@code logTags} from {@code from}, up to {@code tail}) differ, -1 when they agree. An
   * entry the feed holds no tag of (not decoded, or trimmed) is not compared.
   */
  static long divergence(long from, List<String> logTags, java.util.function.LongFunction<String> readTag,
      long last, long tail) {
    for (int i = 0; i < logTags.size() && from + i <= last; i++) {
      String read = readTag.apply(from + i);
      if (read != null && !read.equals(logTags.get(i))) {
        return from + i;
      }
    }
    return last > tail ? tail + 1 : -1; // the log ends before what the feed read
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

  private void read(long from, long gen) {
    if (stopping || gen != generation) {
      return; // the feed moved back since this read was due
    }
    hub.events()
        .read(context, from, READ_BATCH)
        .onSuccess(read -> {
          if (gen == generation) {
            handOut(read, gen);
          }
        })
        .onFailure(err -> readFailed(from, gen, err));
  }

  private void handOut(ReadResultSet<String> read, long gen) {
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
      vertx.setTimer(gather, id -> read(next, gen));
    } else {
      read(next, gen);
    }
  }

  private void readFailed(long from, long gen, Throwable err) {
    if (stopping || gen != generation) {
      return;
    }
    Throwable cause = err.getCause() != null ? err.getCause() : err;
    if (cause instanceof StaleSequenceException stale) {
      // Fell behind by more than the log holds: clients resuming before the gap get snapshots.
      LOG.warn("Live feed fell behind the change log; resuming at {}", stale.getHeadSeq());
      read(stale.getHeadSeq(), gen);
      return;
    }
    if (cause instanceof IllegalArgumentException) {
      // Hazelcast refuses a read beyond the tail: the log lost entries this feed read.
      verify(1);
    }
    LOG.warn("Reading the change log failed; retrying", err);
    vertx.setTimer(RETRY_MILLIS, id -> read(from, gen));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(heatTimer);
    if (membership != null) {
      cluster.removeMembershipListener(membership);
    }
    return Future.succeededFuture();
  }
}
