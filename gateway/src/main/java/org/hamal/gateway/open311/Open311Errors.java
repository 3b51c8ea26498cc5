package org.hamal.gateway.open311;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.hamal.cluster.CommitOutcomeUnknown;
import org.hamal.cluster.Unavailable;
import org.hamal.gateway.http.ApiError;
import org.hamal.gateway.http.ErrorResponses;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GeoReport's error format: a list of {@code {code, description}} ({@code <errors><error>} in
 * XML), the code being the HTTP status. Hamal's own refusals keep their status, except that a
 * request Hamal calls unprocessable (422) is the specification's 400; unexpected failures go
 * are logged with an incident id and answered 500 in the same shape.
 */
final class Open311Errors {

  private static final Logger LOG = LoggerFactory.getLogger(Open311Errors.class);

  private Open311Errors() {}

  /** The failure handler of every {@code /open311/} route. */
  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError e) {
      ErrorResponses.retryAfter(ctx, e);
      send(ctx, e.status() == 422 ? 400 : e.status(), e.getMessage() + (e.field() == null ? "" : " (" + e.field() + ")"));
    } else if (failure instanceof DecodeException) {
      send(ctx, 400, "the request is malformed");
    } else if (CommitOutcomeUnknown.is(failure) || failure != null && Unavailable.is(failure)) {
      ctx.response().putHeader("Retry-After", "1");
      send(ctx, 503, "the store is not available right now; retry the same request shortly");
    } else if (failure instanceof HttpException h && h.getStatusCode() < 500) {
      send(ctx, h.getStatusCode(), h.getPayload() != null ? h.getPayload() : "the request was refused");
    } else if (ctx.statusCode() > 0 && ctx.statusCode() < 500 && failure == null) {
      send(ctx, ctx.statusCode(), "the request was refused");
    } else {
      String incident = UUID.randomUUID().toString();
      LOG.error("Unhandled failure {} on {} {}", incident, ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, "internal error, incident " + incident);
    }
  }

  static void send(RoutingContext ctx, int status, String description) {
    JsonObject error = new JsonObject().put("code", status).put("description", description);
    Format.of(ctx).send(ctx, status, new JsonArray().add(error), "errors", "error");
  }

  static ApiError notFound(String description) {
    return new ApiError(404, "not_found", description, null);
  }

  static ApiError badRequest(String description, String field) {
    return new ApiError(400, "bad_request", description, field);
  }
}
