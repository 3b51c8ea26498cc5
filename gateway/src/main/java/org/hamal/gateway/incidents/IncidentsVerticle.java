package org.hamal.gateway.incidents;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.Sweep;

/**
 * On the oldest member, recounts incidents from the open reports every few seconds and announces
 * the ones that changed (a merge, a split, reports closed, an incident with none left open).
 */
public final class IncidentsVerticle extends VerticleBase {

  private final NodeServices services;
  private Sweep sweep;

  public IncidentsVerticle(NodeServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    sweep = new Sweep(vertx, "Incident recount", services.incidents().options().recountSeconds() * 1000L,
        services.node()::isOldestMember, this::recountNow);
    sweep.start();
    return Future.succeededFuture();
  }

  /**
   * Recounts and announces; any node may call it (merge and split do, on their node, naming the
   * incidents they just settled: counted at once, though they changed just now).
   */
  public static Future<Integer> recountAndAnnounce(NodeServices services, io.vertx.core.Context context, String... settled) {
    return services.incidents().recount(context.owner(), services.openReports(), java.util.Set.of(settled))
        .compose(changed -> services.events().publishIncidents(context, changed).map(changed.size()));
  }

  private Future<Integer> recountNow() {
    return recountAndAnnounce(services, context);
  }

  @Override
  public Future<?> stop() {
    sweep.stop();
    return Future.succeededFuture();
  }
}
