package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.hamal.gateway.CurrentLayer;
import org.hamal.geo.CoordinateSystems;
import org.hamal.geo.District;
import org.hamal.geo.Layer;
import org.hamal.geo.LayerGeoJson;
import org.hamal.geo.Location;

/**
 * The district layer for maps and other systems, public so a page can draw the map before
 * anyone signs in, and so a resident's app can tell whether a point is served:
 *
 * <ul>
 *   <li>{@code GET /api/v1/districts}: the layer as RFC 7946 GeoJSON, encoded once per layer and
 *       tagged with the layer version, so screens revalidate cheaply; {@code
 *       ?bbox=minLon,minLat,maxLon,maxLat} keeps the districts a map's viewport shows;
 *   <li>{@code GET /api/v1/districts/locate?lon=&lat=} (or {@code x=&y=&crs=EPSG:2039}): which
 *       district serves a point.
 * </ul>
 */
final class DistrictHandlers {

  /** Larger than any grid coordinate in metres (the Israeli grid's are under 1,400,000). */
  private static final double GRID_BOUND = 10_000_000;

  private final CurrentLayer layer;

  DistrictHandlers(CurrentLayer layer) {
    this.layer = layer;
  }

  void featureCollection(RoutingContext ctx) {
    CurrentLayer.Snapshot snapshot = layer.get();
    double[] box = bbox(ctx);
    String etag = "\"" + snapshot.layer().version() + "\"";
    ctx.response()
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Type", "application/geo+json; charset=utf-8");
    if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
    } else if (box == null) {
      ctx.response().end(snapshot.geoJson());
    } else {
      List<String> features = new ArrayList<>();
      for (District d : snapshot.layer().districtsIn(box[0], box[1], box[2], box[3])) {
        features.add(snapshot.features().get(d.id()));
      }
      ctx.response().end(LayerGeoJson.featureCollection(snapshot.layer(), features));
    }
  }

  /** {@code bbox=minLon,minLat,maxLon,maxLat} as in RFC 7946, or null when absent. */
  private static double[] bbox(RoutingContext ctx) {
    List<String> values = ctx.queryParam("bbox");
    if (values.isEmpty()) {
      return null;
    }
    String[] parts = values.get(0).split(",");
    if (parts.length != 4) {
      throw ApiError.malformed("malformed_parameter", "bbox is minLon,minLat,maxLon,maxLat", "bbox");
    }
    double[] box = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        box[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw ApiError.malformed("malformed_parameter", "bbox is minLon,minLat,maxLon,maxLat", "bbox");
      }
      double bound = i % 2 == 0 ? 180 : 90;
      if (!Double.isFinite(box[i]) || Math.abs(box[i]) > bound) {
        throw ApiError.invalid("out_of_range", "bbox: longitudes within ±180, latitudes within ±90", "bbox");
      }
    }
    if (box[0] > box[2] || box[1] > box[3]) {
      throw ApiError.invalid("out_of_range", "bbox: the minimum comes before the maximum", "bbox");
    }
    return box;
  }

  void locate(RoutingContext ctx) {
    double[] point = point(ctx);
    double lon = point[0];
    double lat = point[1];
    Layer routing = layer.layer();
    Location where = routing.locate(lon, lat);
    JsonObject answer =
        new JsonObject()
            .put("lon", lon)
            .put("lat", lat)
            .put("district", where.found() ? where.district().id() : null)
            .put("snapped", where.snapped())
            .put("distanceM", where.found() ? where.distanceMeters() : null)
            .put("layer", routing.version());
    Bodies.json(ctx, 200, answer);
  }

  /**
   * The point asked about as WGS84 {@code [lon, lat]}: {@code lon} and {@code lat}, or {@code x}
   * and {@code y} in {@code crs} (the Israeli TM Grid, as people paste from municipal maps).
   */
  private static double[] point(RoutingContext ctx) {
    List<String> crs = ctx.queryParam("crs");
    if (crs.isEmpty()) {
      return new double[] {coordinate(ctx, "lon", 180), coordinate(ctx, "lat", 90)};
    }
    if (!CoordinateSystems.supported(crs.get(0))) {
      throw ApiError.invalid("unsupported_crs", "crs must be EPSG:4326 or EPSG:2039", "crs");
    }
    double[] lonLat = CoordinateSystems.toLonLat(crs.get(0), coordinate(ctx, "x", GRID_BOUND), coordinate(ctx, "y", GRID_BOUND));
    if (!(Math.abs(lonLat[0]) <= 180 && Math.abs(lonLat[1]) <= 90)) {
      throw ApiError.invalid("out_of_range", "the point is not on the globe", "x");
    }
    return lonLat;
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
