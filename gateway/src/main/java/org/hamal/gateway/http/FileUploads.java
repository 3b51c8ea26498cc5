package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hamal.cluster.layers.ActiveLayer;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.logs.Audit;
import org.hamal.geo.LayerException;
import org.hamal.geo.LayerProblem;

/**
 * What the uploads of a city's GeoJSON files (district layers, place files, alert-area files)
 * share: the body, the declared CRS, the validation report, each member's version.
 */
final class FileUploads {

  /** Validates and activates one kind of file for the whole cluster. */
  @FunctionalInterface
  interface Activator<T> {
    Future<T> activate(byte[] content, String sourceCrs, String actor);
  }

  /** The coordinate systems an upload may declare; the file's own {@code crs} member also works. */
  private static final Set<String> DECLARABLE_CRS = Set.of("EPSG:4326", "EPSG:2039");

  private FileUploads() {}

  /**
   * A {@code PUT} of a city file: activates the body, declared in the {@code crs} parameter, and
   * answers what {@code describe} says of it (audited as {@code action}), or {@code 422 code}
   * with every problem.
   */
  static <T> void activate(
      RoutingContext ctx, String what, String code, String action, Activator<T> activator,
      Function<T, JsonObject> describe) {
    String crs = declaredCrs(ctx);
    byte[] content = body(ctx, what);
    activator
        .activate(content, crs, Caller.of(ctx).subject())
        .onSuccess(file -> {
          JsonObject described = describe.apply(file);
          Audit.log(ctx, action, new JsonObject().put("version", described.getValue("version")));
          Bodies.json(ctx, 200, described);
        })
        .onFailure(err -> ctx.fail(err instanceof LayerException e ? rejected(e, code, what) : err));
  }

  /** What this node uses ({@code described}), with the version each member uses. */
  static void inUse(RoutingContext ctx, ActiveLayer active, JsonObject described) {
    active.members()
        .onSuccess(members -> Bodies.json(ctx, 200, described.put("nodes", nodes(members))))
        .onFailure(ctx::fail);
  }

  /** The uploaded bytes; {@code 400 missing_body} when there are none. */
  static byte[] body(RoutingContext ctx, String what) {
    if (ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw ApiError.malformed("missing_body", "send the " + what + " as a GeoJSON FeatureCollection", null);
    }
    return ctx.body().buffer().getBytes();
  }

  /** The {@code crs} query parameter, canonical, or null; {@code 422 unsupported_crs}. */
  static String declaredCrs(RoutingContext ctx) {
    List<String> values = ctx.queryParam("crs");
    if (values.isEmpty()) {
      return null;
    }
    String crs = values.get(0).trim().toUpperCase(Locale.ROOT);
    if (!DECLARABLE_CRS.contains(crs)) {
      throw ApiError.invalid("unsupported_crs", "crs must be one of " + DECLARABLE_CRS, "crs");
    }
    return crs;
  }

  /** A file that did not validate: 422 with every problem. */
  static ApiError rejected(LayerException e, String code, String what) {
    long errors = e.problems().stream().filter(p -> p.severity() == LayerProblem.Severity.ERROR).count();
    return new ApiError(
        422,
        code,
        "the " + what + " has " + errors + " error(s); nothing was changed",
        "features",
        new JsonObject().put("problems", problems(e.problems())));
  }

  static JsonArray problems(List<LayerProblem> problems) {
    JsonArray out = new JsonArray();
    for (LayerProblem p : problems) {
      out.add(
          new JsonObject()
              .put("feature", p.feature())
              .put("code", p.code())
              .put("severity", p.severity().name().toLowerCase(Locale.ROOT))
              .put("message", p.message()));
    }
    return out;
  }

  /** Member id → the version it uses. */
  private static JsonObject nodes(Map<String, String> members) {
    JsonObject nodes = new JsonObject();
    members.forEach(nodes::put);
    return nodes;
  }
}
