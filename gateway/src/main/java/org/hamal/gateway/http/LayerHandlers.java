package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.layer.LayerService;
import org.hamal.gateway.logs.Audit;
import org.hamal.geo.Layer;
import org.hamal.geo.LayerException;

/**
 * The district layer as an administered resource: {@code GET /api/v1/layer} says which layer the
 * cluster routes with and which version each node uses; {@code PUT /api/v1/layer} (admin) takes a
 * new GeoJSON layer, validates it and activates it on every node, or rejects it with its full
 * validation report and changes nothing.
 */
final class LayerHandlers {

  private final LayerService layers;

  LayerHandlers(LayerService layers) {
    this.layers = layers;
  }

  void get(RoutingContext ctx) {
    FileUploads.inUse(ctx, layers.active(), describe(layers.current().layer()));
  }

  void put(RoutingContext ctx) {
    String crs = FileUploads.declaredCrs(ctx);
    byte[] content = FileUploads.body(ctx, "layer");
    boolean confirmed = "true".equals(ctx.request().getParam("confirm"));
    layers
        .activate(content, crs, Caller.of(ctx).subject(), confirmed)
        .onSuccess(layer -> {
          Audit.log(ctx, "layer.activated", new JsonObject().put("version", layer.version()));
          Bodies.json(ctx, 200, describe(layer));
        })
        .onFailure(err -> ctx.fail(
            err instanceof LayerException e ? FileUploads.rejected(e, "invalid_layer", "layer")
                : err instanceof LayerService.ImplausibleLayer i ? implausible(i)
                : err));
  }

  private static ApiError implausible(LayerService.ImplausibleLayer i) {
    return new ApiError(422, "implausible_layer", i.getMessage(), "features", new JsonObject()
        .put("coveredShare", Math.round(i.coveredShare() * 1000) / 1000.0)
        .put("openReportsOutside", i.openReportsOutside())
        .put("openReports", i.openReports()));
  }

  private static JsonObject describe(Layer layer) {
    return new JsonObject()
        .put("version", layer.version())
        .put("name", layer.name())
        .put("districts", layer.districts().size())
        .put("warnings", FileUploads.problems(layer.warnings()));
  }
}
