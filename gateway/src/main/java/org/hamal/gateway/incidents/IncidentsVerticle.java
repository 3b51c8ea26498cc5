package org.hamal.gateway.incidents;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.hamal.gateway.NodeServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the oldest member, recounts incidents from the open reports every few seconds and announces
 * the ones that changed (a merge, a split, reports closed, an incident with none left open).
 */
public final class IncidentsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentsVerticle.class);

  private final NodeServices services;
  private long timer = -1;
  private boolean running;

  public IncidentsVerticle(NodeServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(services.incidents().options().recountSeconds() * 1000L, id -> recount());
    return Future.succeededFuture();
  }

  private void recount() {
    var node = services.node();
    if (running || !node.isOldestMember()) {
      return;
    }
    running = true;
    recountNow()
        .onFailure(err -> LOG.warn("Incident recount failed", err))
        .onComplete(ar -> running = false);
  }

  /** Recounts and announces; any node may call it (merge and split do, on their node). */
  public static Future<Integer> recountAndAnnounce(NodeServices services, io.vertx.core.Context context) {
    return services.incidents().recount(context.owner(), services.openReports())
        .compose(changed -> services.events().publishIncidents(context, changed).map(changed.size()));
  }

  private Future<Integer> recountNow() {
    return recountAndAnnounce(services, context);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
