package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.hamal.cluster.report.Sha256;

/**
 * {@code GET /api/v1/openapi.json}: the API's OpenAPI 3.1 description, written by hand beside the
 * code ({@link #RESOURCE}) and served as it is, public like the districts. {@code OpenApiIT}
 * checks it against the router, so a route cannot be added without it.
 */
final class OpenApiHandler {

  /** Under the package's path, so that no file of the same name in the working directory wins. */
  static final String RESOURCE = "org/hamal/gateway/openapi.json";
  static final String PATH = "/api/v1/openapi.json";

  private record Document(Buffer bytes, String etag) {}

  private final Future<Document> document;

  /** Starts reading the resource (through Vert.x's file system, off the event loop). */
  OpenApiHandler(Vertx vertx) {
    document = vertx.fileSystem().readFile(RESOURCE).map(bytes -> new Document(bytes, etag(bytes)));
  }

  void serve(RoutingContext ctx) {
    document.onSuccess(d -> answer(ctx, d)).onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, Document d) {
    ctx.response()
        .putHeader("ETag", d.etag())
        // Revalidated on every use: a new build may change it under the same URL.
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Type", "application/json; charset=utf-8");
    if (d.etag().equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
    } else {
      ctx.response().end(d.bytes());
    }
  }

  private static String etag(Buffer bytes) {
    return "\"" + Sha256.hex(bytes.getBytes()).substring(0, 16) + "\"";
  }
}
