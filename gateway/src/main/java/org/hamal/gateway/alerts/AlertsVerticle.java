package org.hamal.gateway.alerts;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.Sweep;

/**
 * This node's side of the cluster's alerts: every change, from whichever node, goes to every live
 * client of this node; on the oldest member, alerts whose stay time ran out are ended.
 */
public final class AlertsVerticle extends VerticleBase {

  private final NodeServices services;
  private Sweep ends;

  public AlertsVerticle(NodeServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    services.alerts().onChange(alert -> context.runOnContext(v ->
        services.live().broadcast(AlertJson.changeMessage(alert, services.json()))));
    ends = new Sweep(vertx, "Alert ends", services.config().alerts().sweepSeconds() * 1000L,
        services.node()::isOldestMember, services.alerts()::sweep);
    ends.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    ends.stop();
    return Future.succeededFuture();
  }
}
