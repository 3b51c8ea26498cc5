package org.hamal.cluster.events;

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
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.store.ReportRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member that dies between committing a change and announcing it leaves the cluster map and
 * the live streams without that change. When a member leaves, the oldest member compares what
 * the store says changed lately with what the map holds, and announces whatever is missing. The
 * map is not enough: an announcement updates the map, then appends to the change log, and a
 * member that owned the log's partition can die with an append its backup never got, while the
 * map (another partition) kept the change. So the changes of the last {@link #IN_FLIGHT} before
 * the departure are also checked against the log as this member's feed read it ({@code inLog}).
 * Readers skip a report version they have already seen, so announcing twice is harmless.
 */
public final class Reconciler implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /**
   * How old an announcement can be and still be in flight when a member dies: a publication
   * follows its commit at once and gives up after a few attempts of seconds each.
   */
  static final Duration IN_FLIGHT = Duration.ofSeconds(30);

  private final ClusterNode node;
  private final ReportRepository store;
  private final OpenReports open;
  private final ReportEvents events;
  private final Function<Report, JsonObject> json;
  private final Duration lookBack;
  private final Duration settle;
  private final LogCheck inLog;

  /** Whether the change log held a report at this version or a newer one, as this member read it. */
  @FunctionalInterface
  public interface LogCheck {
    boolean holds(String reportId, int version);

    /** For a member that reads no log: the map alone decides. */
    LogCheck UNKNOWN = (id, version) -> true;
  }

  /**
   * @param lookBack how far back changes are compared: longer than any commit can take
   * @param settle how long to let partitions migrate before looking
   * @param inLog what this member's live feed has read from the log (it remembers at least the
   *     changes of {@link #IN_FLIGHT} at any rate the cluster takes)
   */
  public Reconciler(
      ClusterNode node,
      ReportRepository store,
      OpenReports open,
      ReportEvents events,
      Function<Report, JsonObject> json,
      Duration lookBack,
      Duration settle,
      LogCheck inLog) {
    this.node = node;
    this.store = store;
    this.open = open;
    this.events = events;
    this.json = json;
    this.lookBack = lookBack;
    this.settle = settle;
    this.inLog = inLog;
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
    long leftAt = System.currentTimeMillis();
    vertx.setTimer(settle.toMillis(), id -> afterLeft(vertx, event, leftAt));
  }

  private void afterLeft(Vertx vertx, MembershipEvent event, long leftAt) {
    reconcile(vertx.getOrCreateContext(), leftAt)
        .onSuccess(n -> LOG.info("Member {} left; {} unannounced changes announced", event.getMember(), n))
        .onFailure(err -> LOG.warn("Reconciliation after {} left failed", event.getMember(), err));
  }

  /**
   * Announces every recent change the cluster map does not reflect, or (for the changes of the
   * {@link #IN_FLIGHT} before {@code leftAt}, when a member left) the change log did not hold;
   * returns how many.
   */
  public Future<Integer> reconcile(Context context, long leftAt) {
    long since = System.currentTimeMillis() - lookBack.toMillis();
    long inFlightSince = leftAt - IN_FLIGHT.toMillis();
    return store.changedSince(since).compose(reports -> {
      List<Future<Boolean>> checks = new ArrayList<>(reports.size());
      for (Report r : reports) {
        long at = r.updatedAt().toEpochMilli();
        // Later changes are the living members' to announce, and may be on their way right now.
        boolean logLacks = at >= inFlightSince && at <= leftAt && !inLog.holds(r.id(), r.version());
        checks.add(announceIfMissing(context, r, logLacks));
      }
      return Future.all(checks)
          .map(all -> (int) checks.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  /** @param logLacks the change log did not hold this version when this member's feed read it */
  private Future<Boolean> announceIfMissing(Context context, Report r, boolean logLacks) {
    return open.get(context, r.id(), r.district())
        .compose(
            held -> {
              int heldVersion = held == null ? 0 : held.getInteger("version", 0);
              boolean isOpen = r.status().isOpen();
              JsonObject previous =
                  held == null
                      ? null
                      : new JsonObject().put("status", held.getString("status")).put("version", heldVersion);
              if (isOpen && (heldVersion < r.version() || logLacks)) {
                ReportEvents.Kind kind = r.version() == 1 ? ReportEvents.Kind.CREATED : ReportEvents.Kind.UPDATED;
                return events.publish(context, kind, json.apply(r), previous).map(seq -> true);
              }
              if (!isOpen && (held != null || logLacks)) {
                return events.publish(context, ReportEvents.Kind.CLOSED, json.apply(r), previous).map(seq -> true);
              }
              return Future.succeededFuture(false);
            });
  }
}
