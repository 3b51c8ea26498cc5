package org.hamal.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request and response bodies. */
final class Bodies {

  private Bodies() {}

  /**
   * The body as a JSON object. The content type is not insisted on: {@code curl -d} sends a form
   * type by default, and a resident's report must not fail on a header.
   */
  static JsonObject jsonObject(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiError.malformed("empty_body", "a JSON object is required", null);
    }
    if (!opensAnObject(body)) {
      return notAnObject(body);
    }
    try {
      // Parsed once per request: a limit read before the handler (LimitHandlers) left it here.
      return ctx.body().asJsonObject();
    } catch (DecodeException notAnObject) {
      return notAnObject(body);
    }
  }

  /** Whether the first character after any white space opens an object (a JSON null does not). */
  private static boolean opensAnObject(Buffer body) {
    for (int i = 0; i < body.length(); i++) {
      byte b = body.getByte(i);
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '{';
      }
    }
    return false;
  }

  /** The refusal of a body that is no JSON object: whether it is JSON at all says which. */
  private static JsonObject notAnObject(Buffer body) {
    try {
      body.toJsonValue();
    } catch (DecodeException e) {
      throw ApiError.malformed("malformed_json", "the body is not valid JSON", null);
    }
    throw ApiError.malformed("malformed_json", "the body must be a JSON object", null);
  }

  /**
   * Before the API's body handlers: a URL-encoded form type (what {@code curl -d} sends) is not
   * decoded as a form. Vert.x would buffer it as form fields, refusing one over {@code
   * maxFormBufferedBytes} (1 KiB) and any JSON holding a stray {@code %}.
   */
  static void notAForm(RoutingContext ctx) {
    String type = ctx.request().getHeader(io.vertx.core.http.HttpHeaders.CONTENT_TYPE);
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      ctx.request().headers().remove(io.vertx.core.http.HttpHeaders.CONTENT_TYPE);
    }
    ctx.next();
  }

  /** Sends JSON: an object, an array, or a buffer that already holds one encoded. */
  static void json(RoutingContext ctx, int status, Object json) {
    Buffer encoded = json instanceof JsonObject o ? o.toBuffer()
        : json instanceof Buffer b ? b : ((io.vertx.core.json.JsonArray) json).toBuffer();
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(encoded);
  }

  /** A revocation's answer: {@code 204} when something was revoked, else {@code 404} saying what. */
  static void revoked(RoutingContext ctx, java.util.Optional<?> found, String notFound) {
    if (found.isEmpty()) {
      ctx.fail(ApiError.notFound(notFound));
    } else {
      ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
    }
  }
}
