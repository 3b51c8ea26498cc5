package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.hamal.gateway.CurrentLayer;
import org.hamal.geo.Layer;
import org.hamal.geo.Location;

/**
 * The district layer for maps and other systems, public so a page can draw the map before
 * anyone signs in, and so a resident's app can tell whether a point is served:
 *
 * <ul>
 *   <li>{@code GET /api/v1/districts}: the layer as RFC 7946 GeoJSON, encoded once per layer and
 *       tagged with the layer version, so screens revalidate cheaply;
 *   <li>{@code GET /api/v1/districts/locate?lon=&lat=}: which district serves a point.
 * </ul>
 */
final class DistrictHandlers {

  private final CurrentLayer layer;

  DistrictHandlers(CurrentLayer layer) {
    this.layer = layer;
  }

  void featureCollection(RoutingContext ctx) {
    CurrentLayer.Snapshot snapshot = layer.get();
    String etag = "\"" + snapshot.layer().version() + "\"";
    ctx.response()
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Type", "application/geo+json; charset=utf-8");
    if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
    } else {
      ctx.response().end(snapshot.geoJson());
    }
  }

  void locate(RoutingContext ctx) {
    double lon = coordinate(ctx, "lon", 180);
    double lat = coordinate(ctx, "lat", 90);
    Layer routing = layer.layer();
    Location where = routing.locate(lon, lat);
    JsonObject answer =
        new JsonObject()
            .put("district", where.found() ? where.district().id() : null)
            .put("snapped", where.snapped())
            .put("distance_m", where.found() ? where.distanceMeters() : null)
            .put("layer", routing.version());
    Bodies.json(ctx, 200, answer);
  }

  /** A required decimal query parameter within ±bound. */
  static double coordinate(RoutingContext ctx, String name, double bound) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty() || values.get(0).isBlank()) {
      throw ApiError.malformed("missing_parameter", name + " is required", name);
    }
    double value;
    try {
      value = Double.parseDouble(values.get(0).trim());
    } catch (NumberFormatException e) {
      throw ApiError.malformed("malformed_parameter", name + " must be a number", name);
    }
    if (!Double.isFinite(value) || value < -bound || value > bound) {
      throw ApiError.invalid(
          "out_of_range", name + " must be between " + -bound + " and " + bound, name);
    }
    return value;
  }
}
