package org.hamal.gateway.mode;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hamal.cluster.Mode;
import org.hamal.cluster.ModeState;
import org.hamal.cluster.Report;
import org.hamal.cluster.ReportChange;
import org.hamal.cluster.ReportEvents;
import org.hamal.gateway.NodeServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of the cluster's mode: publishes its intake rate every second for the decider,
 * applies each mode change the moment it arrives (commit groups, coalesced maps, a mode message
 * on every live stream), and, on the node that ends an emergency, releases what it deferred.
 */
public final class ModeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ModeVerticle.class);
  private static final long RATE_PERIOD_MILLIS = 1000;

  private final NodeServices services;
  private long timer = -1;

  public ModeVerticle(NodeServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    services.mode().onChange(state -> context.runOnContext(v -> apply(state)));
    services.mode().onEmergencyEnded(state -> context.runOnContext(v -> releaseDeferred()));
    apply(services.mode().current());
    timer = vertx.setPeriodic(RATE_PERIOD_MILLIS, id -> publishRate());
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
      services.store().tuneGroupCommit(e.maxBatch(), e.lingerMillis());
    } else {
      services.store().tuneGroupCommit(store.maxBatch(), store.lingerMillis());
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

  /** After an emergency: deferred reports go back to the field queues, one change each. */
  private void releaseDeferred() {
    services
        .store()
        .deferredOpen()
        .compose(reports -> releaseEach(reports, 0, 0))
        .onSuccess(n -> LOG.info("Emergency over: {} deferred reports released", n))
        .onFailure(err -> LOG.warn("Releasing deferred reports failed", err));
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
        .store()
        .update(r.id(), null, request)
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
    return Future.succeededFuture();
  }
}
