package org.hamal.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.layer.LayerService;
import org.hamal.geo.Layer;
import org.hamal.geo.LayerException;
import org.hamal.geo.LayerProblem;

/**
 * The district layer as an administered resource: {@code GET /api/v1/layer} says which layer the
 * cluster routes with and which version each node uses; {@code PUT /api/v1/layer} (admin) takes a
 * new GeoJSON layer, validates it and activates it on every node, or rejects it with its full
 * validation report and changes nothing.
 */
final class LayerHandlers {

  /** The coordinate systems an upload may declare; the file's own {@code crs} member also works. */
  private static final Set<String> DECLARABLE_CRS = Set.of("EPSG:4326", "EPSG:2039");

  private final LayerService layers;

  LayerHandlers(LayerService layers) {
    this.layers = layers;
  }

  void get(RoutingContext ctx) {
    Layer layer = layers.current().layer();
    layers
        .active()
        .members()
        .onSuccess(
            members -> {
              JsonObject nodes = new JsonObject();
              members.forEach(nodes::put);
              Bodies.json(ctx, 200, describe(layer).put("nodes", nodes));
            })
        .onFailure(ctx::fail);
  }

  void put(RoutingContext ctx) {
    String crs = declaredCrs(ctx);
    if (ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw ApiError.malformed("missing_body", "send the layer as a GeoJSON FeatureCollection", null);
    }
    byte[] content = ctx.body().buffer().getBytes();
    boolean confirmed = "true".equals(ctx.request().getParam("confirm"));
    layers
        .activate(content, crs, Caller.of(ctx).subject(), confirmed)
        .onSuccess(layer -> Bodies.json(ctx, 200, describe(layer)))
        .onFailure(err -> ctx.fail(
            err instanceof LayerException e ? rejected(e)
                : err instanceof LayerService.ImplausibleLayer i ? implausible(i)
                : err));
  }

  private static String declaredCrs(RoutingContext ctx) {
    List<String> values = ctx.queryParam("crs");
    if (values.isEmpty()) {
      return null;
    }
    String crs = values.get(0).trim().toUpperCase(java.util.Locale.ROOT);
    if (!DECLARABLE_CRS.contains(crs)) {
      throw ApiError.invalid("unsupported_crs", "crs must be one of " + DECLARABLE_CRS, "crs");
    }
    return crs;
  }

  private static ApiError rejected(LayerException e) {
    JsonArray problems = problems(e.problems());
    long errors = e.problems().stream().filter(p -> p.severity() == LayerProblem.Severity.ERROR).count();
    return new ApiError(
        422,
        "invalid_layer",
        "the layer has " + errors + " error(s); nothing was changed",
        "features",
        new JsonObject().put("problems", problems));
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
        .put("warnings", problems(layer.warnings()));
  }

  private static JsonArray problems(List<LayerProblem> problems) {
    JsonArray out = new JsonArray();
    for (LayerProblem p : problems) {
      out.add(
          new JsonObject()
              .put("feature", p.feature())
              .put("code", p.code())
              .put("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT))
              .put("message", p.message()));
    }
    return out;
  }
}
