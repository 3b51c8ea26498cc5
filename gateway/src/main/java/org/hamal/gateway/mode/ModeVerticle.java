package org.hamal.gateway.mode;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.cluster.mode.Mode;
import org.hamal.cluster.mode.ModeState;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportChange;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.Sweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of the cluster's mode: publishes its intake rate every second for the decider,
 * and applies each mode change the moment it arrives (commit groups, coalesced maps, a mode message
 * on every live stream). On the oldest member, whenever the city is in routine, it releases the
 * reports an emergency deferred: at once when an emergency ends, and regularly after, so that a
 * report deferred by a node that had not yet heard of the end, or an emergency that ended across a
 * restart, is released too.
 */
public final class ModeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ModeVerticle.class);
  private static final long RATE_PERIOD_MILLIS = 1000;

  private final NodeServices services;
  private long timer = -1;
  private Sweep release;
  private boolean releasing;

  public ModeVerticle(NodeServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    services.mode().onChange(state -> context.runOnContext(v -> {
      apply(state);
      if (state.mode() == Mode.ROUTINE && services.node().isOldestMember()) {
        releaseDeferred();
      }
    }));
    apply(services.mode().current());
    timer = vertx.setPeriodic(RATE_PERIOD_MILLIS, id -> publishRate());
    release = new Sweep(vertx, "Deferred release", services.config().emergency().releaseCheckSeconds() * 1000L,
        () -> services.node().isOldestMember() && services.mode().current().mode() == Mode.ROUTINE,
        this::releaseDeferred);
    release.start();
    return Future.succeededFuture();
  }

  private void publishRate() {
    services.mode().publishIntakeRate(services.meter().ratePerSecond());
  }

  private void apply(ModeState state) {
    boolean emergency = state.mode() == Mode.EMERGENCY;
    EmergencyConfig e = services.config().emergency();
    var store = services.config().store();
    if (emergency) {
      services.reports().tuneGroupCommit(e.maxBatch(), e.lingerMillis());
    } else {
      services.reports().tuneGroupCommit(store.maxBatch(), store.lingerMillis());
    }
    services.live().coalesceAll(emergency && e.coalesceMaps());
    services.live().broadcast(message(services, state));
  }

  /** The {@code mode} message every live client gets. */
  public static JsonObject message(NodeServices services, ModeState state) {
    return new JsonObject()
        .put("type", "mode")
        .put("mode", state.mode().wire())
        .put("level", state.mode().level())
        .put("manual", state.manual())
        .put("trigger", state.trigger())
        .put("actor", state.actor())
        .put("reason", state.reason())
        .put("since", services.json().format(state.since()))
        // What a map shows as single markers in an emergency; the rest are counts and heat.
        .put("markerMinPriority", services.config().emergency().markerMinPriority());
  }

  /** In routine: deferred reports go back to the field queues, one change each; one pass at a time. */
  private Future<Integer> releaseDeferred() {
    if (releasing) {
      return Future.succeededFuture(0);
    }
    releasing = true;
    return services
        .reports()
        .deferredOpen()
        .compose(reports -> releaseEach(reports, 0, 0))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("In routine: {} deferred reports released", n);
          }
        })
        .onFailure(err -> LOG.warn("Releasing deferred reports failed", err))
        .onComplete(ar -> releasing = false);
  }

  private Future<Integer> releaseEach(List<Report> reports, int i, int done) {
    if (i == reports.size()) {
      return Future.succeededFuture(done);
    }
    Report r = reports.get(i);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ReportChange.Request request =
        new ReportChange.Request(current -> current.undeferred(now), "system", "emergency over: no longer deferred");
    return services
        .reports()
        .update(r.id(), r.version(), request)
        .compose(change -> {
          if (change.outcome() != ReportChange.Outcome.APPLIED) {
            return Future.succeededFuture(done);
          }
          return services.events()
              .publish(context, ReportEvents.Kind.UPDATED, services.json().toJson(change.after()), change.previous())
              .map(seq -> done + 1);
        })
        .compose(n -> releaseEach(reports, i + 1, n));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    release.stop();
    return Future.succeededFuture();
  }
}
