package org.hamal.gateway.mode;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.alerts.Alert;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.mode.Mode;
import org.hamal.cluster.processors.OpenReportKey;
import org.hamal.cluster.report.Report;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.Sweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Response-time watch: on the oldest member, every few seconds, finds the reports still
 * {@code new} past their response time (by priority, shorter in emergency mode; paused while
 * deferred; from the all-clear for a report that arrived under a rocket alert) and announces an escalation on every live stream, once per report.
 */
public final class SlaVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SlaVerticle.class);
  /** Escalations are remembered a day: long enough for any report to be handled or closed. */
  private static final long REMEMBER_HOURS = 24;

  private final NodeServices services;
  private Sweep sweep;
  /** Reports this member found overdue, so each is checked with the cluster once, not per sweep. */
  private final Set<String> escalatedHere = new HashSet<>();

  public SlaVerticle(NodeServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    sweep = new Sweep(vertx, "Response-time check", services.config().sla().checkSeconds() * 1000L,
        services.node()::isOldestMember, this::checkNow);
    sweep.start();
    return Future.succeededFuture();
  }

  private Future<Integer> checkNow() {
    boolean emergency = services.mode().current().mode() == Mode.EMERGENCY;
    var minutes = emergency ? services.config().sla().emergencyMinutes() : services.config().sla().routineMinutes();
    IMap<String, String> escalated = services.node().hazelcast().getMap(ClusterMaps.ESCALATIONS);
    int shortest = minutes.values().stream().mapToInt(Integer::intValue).min().orElse(-1);
    if (shortest < 0) {
      return Future.succeededFuture(0); // no limits in this mode
    }
    // A report younger than the shortest limit cannot be due (an alert only starts its clock
    // later), so only older ones are read; of those, five fields each, whole reports for the due.
    long oldEnough = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(shortest);
    return services.openReports()
        .fields(vertx, Predicates.and(Predicates.equal("status", "new"), Predicates.equal("deferred", false),
                Predicates.lessEqual("receivedAt", oldEnough)),
            "id", "district", "priority", "receivedAt", "alertId")
        .compose(waiting -> vertx.executeBlocking(() -> {
          Instant now = Instant.now();
          Map<String, JsonObject> due = new HashMap<>();
          Set<String> stillWaiting = new HashSet<>();
          for (Object[] r : waiting) {
            String id = (String) r[0];
            stillWaiting.add(id);
            int priority = r[2] instanceof Number p ? p.intValue() : 1;
            Integer limit = minutes.get(priority);
            if (limit == null || escalatedHere.contains(id)) {
              continue;
            }
            Instant start = clockStart(Instant.ofEpochMilli(((Number) r[3]).longValue()), (String) r[4]);
            if (start == null) {
              continue; // its area is still under the alert: people are in shelters
            }
            Instant deadline = start.plus(Duration.ofMinutes(limit));
            if (now.isAfter(deadline)) {
              escalatedHere.add(id);
              // Cluster-wide once: a new oldest member remembers what its predecessor announced.
              if (escalated.putIfAbsent(id, deadline.toString(), REMEMBER_HOURS, TimeUnit.HOURS) == null) {
                due.put(id, new JsonObject()
                    .put("district", r[1])
                    .put("priority", priority)
                    .put("limitMinutes", limit)
                    .put("mode", emergency ? "emergency" : "routine")
                    .put("dueAt", services.json().format(deadline))
                    .put("overdueSeconds", Duration.between(deadline, now).getSeconds()));
              }
            }
          }
          escalatedHere.retainAll(stillWaiting); // handled or closed: forgotten here
          return due;
        }, false))
        .compose(due -> {
          Set<OpenReportKey> keys = new HashSet<>();
          due.forEach((id, e) -> keys.add(OpenReports.key(id, e.getString("district"))));
          return services.openReports().getAll(vertx, keys).map(reports -> {
            List<JsonObject[]> out = new ArrayList<>();
            for (JsonObject report : reports) {
              JsonObject escalation = due.get(report.getString("id")).copy();
              escalation.remove("district");
              out.add(new JsonObject[] {report, escalation});
            }
            return out;
          });
        })
        .compose(due -> announce(due, 0));
  }

  /**
   * When a report's response time starts: on arrival, or for one that arrived under a rocket
   * alert, at the alert's all-clear or end; null while the alert holds. An alert this node no
   * longer knows of (older than {@code alerts.recentHours}) ended long ago: arrival counts.
   */
  private Instant clockStart(Instant received, String alertId) {
    if (alertId == null) {
      return received;
    }
    Alert alert = services.alerts().known(alertId).orElse(null);
    if (alert == null) {
      return received;
    }
    long end = alert.clearedAt() == null ? alert.endsAt() : Math.min(alert.clearedAt(), alert.endsAt());
    if (end > System.currentTimeMillis()) {
      return null;
    }
    return Instant.ofEpochMilli(Math.max(received.toEpochMilli(), end));
  }

  private Future<Integer> announce(List<JsonObject[]> due, int i) {
    if (i == due.size()) {
      return Future.succeededFuture(i);
    }
    JsonObject report = due.get(i)[0];
    LOG.info("Report {} ({}, priority {}) is overdue: escalated", report.getString("id"), report.getString("district"),
        report.getInteger("priority"));
    return services.events().publishEscalation(context, report, due.get(i)[1]).compose(seq -> announce(due, i + 1));
  }

  @Override
  public Future<?> stop() {
    sweep.stop();
    return Future.succeededFuture();
  }
}
