package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.hamal.cluster.ClusterStatus;
import org.hamal.gateway.NodeServices;

/**
 * {@code GET /health} (the process answers), {@code GET /ready} (this node can take reports) and
 * {@code GET /api/v1/cluster} (members and partition safety). Load balancers route only to ready
 * nodes.
 *
 * <p>Readiness needs a running member of an ACTIVE cluster, a district layer and a store that
 * takes writes. It reports, but does not require, that every partition is backed up: an
 * acknowledgement depends on the database commit, not on the cluster map, and failing every
 * node's readiness while partitions migrate after a crash would turn one lost node into an outage.
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
    Future<Boolean> store = succeeded(services.store().probe(services.node().nodeId()));
    Future<JsonObject> cluster =
        member ? clusterStatus(ctx).otherwiseEmpty() : Future.succeededFuture();
    Future.join(store, cluster)
        .onComplete(
            ar -> {
              JsonObject status = cluster.result();
              boolean active = status != null && "ACTIVE".equals(status.getString("state"));
              boolean writable = Boolean.TRUE.equals(store.result());
              boolean ready = member && active && layer && writable;
              JsonObject checks =
                  new JsonObject()
                      .put("cluster", member && active)
                      .put("layer", layer)
                      .put("store", writable)
                      .put("partitionsSafe", status != null && status.getBoolean("partitionsSafe"));
              Bodies.json(
                  ctx,
                  ready ? 200 : 503,
                  new JsonObject()
                      .put("status", ready ? "ready" : "not_ready")
                      .put("node", services.node().nodeId())
                      .put("clusterSize", status == null ? null : status.getInteger("size"))
                      .put("layerVersion", layer ? services.layer().layer().version() : null)
                      .put("checks", checks));
            });
  }

  void cluster(RoutingContext ctx) {
    Future.all(clusterStatus(ctx), services.openReports().size(ctx.vertx()))
        .onSuccess(
            all -> {
              JsonObject status = all.resultAt(0);
              Bodies.json(ctx, 200, status.put("node", services.node().nodeId()).put("openReports", all.<Integer>resultAt(1)));
            })
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> clusterStatus(RoutingContext ctx) {
    return ClusterStatus.of(
        ctx.vertx(), services.node().hazelcast(), services.config().store().timeoutMillis());
  }

  private static Future<Boolean> succeeded(Future<?> f) {
    return f.transform(ar -> Future.succeededFuture(ar.succeeded()));
  }
}
