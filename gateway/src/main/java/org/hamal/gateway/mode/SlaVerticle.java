package org.hamal.gateway.mode;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.Mode;
import org.hamal.gateway.NodeServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Response-time watch: on the oldest member, every few seconds, finds the reports still
 * {@code new} past their response time (by priority, shorter in emergency mode; paused while
 * deferred) and announces an escalation on every live stream, once per report.
 */
public final class SlaVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SlaVerticle.class);
  static final String ESCALATED_MAP = "hamal.escalations";
  /** Escalations are remembered a day: long enough for any report to be handled or closed. */
  private static final long REMEMBER_HOURS = 24;

  private final NodeServices services;
  private long timer = -1;
  private boolean running;

  public SlaVerticle(NodeServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(services.config().sla().checkSeconds() * 1000L, id -> check());
    return Future.succeededFuture();
  }

  private void check() {
    var node = services.node();
    if (running || !node.isMember() || !node.hazelcast().getCluster().getMembers().iterator().next().localMember()) {
      return;
    }
    running = true;
    checkNow().onFailure(err -> LOG.warn("Response-time check failed", err)).onComplete(ar -> running = false);
  }

  private Future<Integer> checkNow() {
    boolean emergency = services.mode().current().mode() == Mode.EMERGENCY;
    var minutes = emergency ? services.config().sla().emergencyMinutes() : services.config().sla().routineMinutes();
    IMap<String, String> escalated = services.node().hazelcast().getMap(ESCALATED_MAP);
    return services.openReports()
        .query(vertx, Predicates.and(Predicates.equal("status", "new"), Predicates.equal("deferred", false)))
        .compose(waiting -> vertx.executeBlocking(() -> {
          Instant now = Instant.now();
          List<JsonObject[]> due = new ArrayList<>();
          for (JsonObject r : waiting) {
            Integer limit = minutes.get(r.getInteger("priority", 1));
            if (limit == null) {
              continue;
            }
            Instant received = OffsetDateTime.parse(r.getString("receivedAt")).toInstant();
            Instant deadline = received.plus(Duration.ofMinutes(limit));
            if (now.isAfter(deadline)
                && escalated.putIfAbsent(r.getString("id"), deadline.toString(), REMEMBER_HOURS, TimeUnit.HOURS) == null) {
              due.add(new JsonObject[] {r, new JsonObject()
                  .put("priority", r.getInteger("priority"))
                  .put("limitMinutes", limit)
                  .put("mode", emergency ? "emergency" : "routine")
                  .put("dueAt", services.json().format(deadline))
                  .put("overdueSeconds", Duration.between(deadline, now).getSeconds())});
            }
          }
          return due;
        }, false))
        .compose(due -> announce(due, 0));
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
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
