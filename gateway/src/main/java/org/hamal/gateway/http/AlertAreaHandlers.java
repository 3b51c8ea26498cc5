package org.hamal.gateway.http;

import io.vertx.ext.web.RoutingContext;
import org.hamal.gateway.alerts.AlertAreasService;
import org.hamal.geo.alerts.AlertAreas;

/**
 * {@code GET /api/v1/alert-areas}: the Home Front Command's alert areas the node uses, as
 * GeoJSON for the pages' maps, public like the districts (they are published data). The ETag
 * names the file and the layer, since each feature lists the districts it overlaps.
 */
final class AlertAreaHandlers {

  private final AlertAreasService areas;

  AlertAreaHandlers(AlertAreasService areas) {
    this.areas = areas;
  }

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
}
