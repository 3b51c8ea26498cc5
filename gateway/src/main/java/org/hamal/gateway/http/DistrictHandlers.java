package org.hamal.gateway.http;

import io.vertx.ext.web.RoutingContext;
import org.hamal.gateway.CurrentLayer;

/**
 * {@code GET /api/v1/districts}: the layer as RFC 7946 GeoJSON, public so a page can draw the
 * map before anyone signs in. Encoded once per layer and tagged with the layer version, so
 * screens revalidate cheaply.
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
}
