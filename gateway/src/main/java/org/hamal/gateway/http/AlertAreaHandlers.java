package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.hamal.gateway.alerts.AlertAreasService;
import org.hamal.geo.alerts.AlertAreas;

/**
 * The Home Front Command's alert areas: {@code GET /api/v1/alert-areas} as GeoJSON for the pages'
 * maps, public like the districts (they are published data); {@code PUT /api/v1/alert-areas}
 * (admin) takes a city's file, validates it and activates it on every node, or rejects it with
 * every problem and changes nothing; {@code GET /api/v1/alert-areas/file} says which file each
 * node uses.
 */
final class AlertAreaHandlers {

  private final AlertAreasService areas;

  AlertAreaHandlers(AlertAreasService areas) {
    this.areas = areas;
  }

  /** The ETag names the file and the layer, since each feature lists the districts it overlaps. */
  void featureCollection(RoutingContext ctx) {
    AlertAreas current = areas.current();
    String etag = "\"" + current.version() + "-" + current.layer().version() + "\"";
    ctx.response()
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Type", "application/geo+json; charset=utf-8");
    if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
    } else {
      ctx.response().end(current.featureCollection());
    }
  }

  void put(RoutingContext ctx) {
    FileUploads.activate(ctx, "alert-area file", "invalid_alert_areas", "alert-areas.activated", areas::activate, AlertAreaHandlers::describe);
  }

  void file(RoutingContext ctx) {
    AlertAreas current = areas.current();
    FileUploads.inUse(ctx, areas.activation().active(),
        describe(current).put("layerVersion", current.layer().version()));
  }

  private static JsonObject describe(AlertAreas a) {
    return new JsonObject()
        .put("version", a.version())
        .put("name", a.file().name())
        .put("areas", a.areas().size());
  }
}
