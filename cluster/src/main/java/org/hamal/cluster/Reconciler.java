package org.hamal.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member that dies between committing a change and announcing it leaves the cluster map and
 * the live streams without that change. When a member leaves, the oldest member compares what
 * the store says changed lately with what the map holds, and announces whatever is missing.
 * Readers skip a report version they have already seen, so announcing twice is harmless. Before
 * that, reports the store lost with a dead host process are put back from the intake journals
 * ({@link ReportStore#restoreFromJournals}).
 */
public final class Reconciler implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private static final int RESTORE_ATTEMPTS = 5;

  private final ClusterNode node;
  private final ReportStore store;
  private final OpenReports open;
  private final ReportEvents events;
  private final Function<Report, JsonObject> json;
  private final Duration lookBack;
  private final Duration settle;

  /**
   * @param lookBack how far back changes are compared: longer than any commit can take
   * @param settle how long to let partitions migrate before looking
   */
  public Reconciler(
      ClusterNode node,
      ReportStore store,
      OpenReports open,
      ReportEvents events,
      Function<Report, JsonObject> json,
      Duration lookBack,
      Duration settle) {
    this.node = node;
    this.store = store;
    this.open = open;
    this.events = events;
    this.json = json;
    this.lookBack = lookBack;
    this.settle = settle;
  }

  /** Starts watching the membership. */
  public void watch() {
    node.hazelcast().getCluster().addMembershipListener(this);
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  @Override
  public void memberRemoved(MembershipEvent event) {
    if (!node.isOldestMember()) {
      return; // the oldest member does it
    }
    Vertx vertx = node.vertx();
    vertx.setTimer(settle.toMillis(), id -> afterLeft(vertx, event, 1));
  }

  /**
   * First puts back what the store may have lost with the member (it may have hosted the
   * database), then announces what the map lacks. The store may still be moving to another
   * process: then it tries again.
   */
  private void afterLeft(Vertx vertx, MembershipEvent event, int attempt) {
    store
        .restoreFromJournals()
        .recover(err -> {
          if (attempt < RESTORE_ATTEMPTS) {
            vertx.setTimer(settle.toMillis(), id -> afterLeft(vertx, event, attempt + 1));
            return Future.failedFuture(new RetryLater());
          }
          LOG.warn("Restoring from the intake journals after {} left failed", event.getMember(), err);
          return Future.succeededFuture(0);
        })
        .compose(restored -> reconcile(vertx.getOrCreateContext()).map(n -> new int[] {restored, n}))
        .onSuccess(n -> LOG.info(
            "Member {} left; {} reports restored from the intake journals, {} unannounced changes announced",
            event.getMember(), n[0], n[1]))
        .onFailure(err -> {
          if (!(err instanceof RetryLater)) {
            LOG.warn("Reconciliation after {} left failed", event.getMember(), err);
          }
        });
  }

  /** Marks a pass abandoned for a later attempt. */
  private static final class RetryLater extends RuntimeException {
    RetryLater() {
      super(null, null, false, false);
    }
  }

  /** Announces every recent change the cluster map does not reflect; returns how many. */
  public Future<Integer> reconcile(Context context) {
    long since = System.currentTimeMillis() - lookBack.toMillis();
    return store.changedSince(since).compose(reports -> {
      List<Future<Boolean>> checks = new ArrayList<>(reports.size());
      for (Report r : reports) {
        checks.add(announceIfMissing(context, r));
      }
      return Future.all(checks)
          .map(all -> (int) checks.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  private Future<Boolean> announceIfMissing(Context context, Report r) {
    return open.get(context, r.id(), r.district())
        .compose(
            held -> {
              int heldVersion = held == null ? 0 : held.getInteger("version", 0);
              boolean isOpen = r.status().isOpen();
              JsonObject previous =
                  held == null
                      ? null
                      : new JsonObject().put("status", held.getString("status")).put("version", heldVersion);
              if (isOpen && heldVersion < r.version()) {
                ReportEvents.Kind kind = r.version() == 1 ? ReportEvents.Kind.CREATED : ReportEvents.Kind.UPDATED;
                return events.publish(context, kind, json.apply(r), previous).map(seq -> true);
              }
              if (!isOpen && held != null) {
                return events.publish(context, ReportEvents.Kind.CLOSED, json.apply(r), previous).map(seq -> true);
              }
              return Future.succeededFuture(false);
            });
  }
}
