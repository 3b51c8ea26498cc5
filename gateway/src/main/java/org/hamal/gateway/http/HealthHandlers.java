package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.hamal.gateway.NodeServices;

/**
 * {@code GET /health} (the process answers) and {@code GET /ready} (this node can take
 * reports: it is a cluster member, has a district layer, and the store takes writes). Load
 * balancers route only to ready nodes.
 */
final class HealthHandlers {

  private final NodeServices services;

  HealthHandlers(NodeServices services) {
    this.services = services;
  }

  void health(RoutingContext ctx) {
    Bodies.json(ctx, 200, new JsonObject().put("status", "up"));
  }

  void ready(RoutingContext ctx) {
    boolean member = services.node().isMember();
    boolean layer = services.layer().get() != null;
    services
        .store()
        .probe(services.node().nodeId())
        .transform(ar -> io.vertx.core.Future.succeededFuture(ar.succeeded()))
        .onSuccess(
            writable -> {
              boolean ready = member && layer && writable;
              JsonObject checks =
                  new JsonObject()
                      .put("cluster", member)
                      .put("layer", layer)
                      .put("store", writable);
              Bodies.json(
                  ctx,
                  ready ? 200 : 503,
                  new JsonObject()
                      .put("status", ready ? "ready" : "not_ready")
                      .put("node", services.node().nodeId())
                      .put("layerVersion", layer ? services.layer().layer().version() : null)
                      .put("checks", checks));
            });
  }
}
