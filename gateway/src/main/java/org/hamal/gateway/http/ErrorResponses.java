package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import java.util.UUID;
import org.hamal.cluster.CommitOutcomeUnknown;
import org.hamal.cluster.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the API's JSON error shape. Client mistakes keep their 4xx status;
 * anything unexpected is logged with an incident id and answered 500 without internals.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private static final Map<Integer, String[]> STANDARD =
      Map.of(
          400, new String[] {"bad_request", "the request is malformed"},
          401, new String[] {"unauthorized", "a valid bearer token is required"},
          403, new String[] {"forbidden", "this token's roles do not allow this"},
          404, new String[] {"not_found", "no such resource"},
          405, new String[] {"method_not_allowed", "this method is not allowed here"},
          406, new String[] {"not_acceptable", "cannot produce the requested media type"},
          413, new String[] {"payload_too_large", "the request body exceeds the limit"},
          415, new String[] {"unsupported_media_type", "send application/json"},
          417, new String[] {"expectation_failed", "only Expect: 100-continue is understood"},
          503, new String[] {"unavailable", "temporarily unavailable, retry shortly"});

  private ErrorResponses() {}

  /** A refusal that says when to retry (a key's rate) says so in the Retry-After header too. */
  public static void retryAfter(RoutingContext ctx, ApiError refused) {
    String seconds = Intake.retryAfter(refused);
    if (seconds != null) {
      ctx.response().putHeader("Retry-After", seconds);
    }
  }

  /** Failure handler for the router. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError e) {
      retryAfter(ctx, e);
      send(ctx, e.status(), e.code(), e.getMessage(), e.field(), e.details());
      return;
    }
    if (failure instanceof ParserErrors.MalformedBody) {
      send(ctx, 400, "malformed_request", "the request body could not be parsed", null);
      return;
    }
    if (failure instanceof DecodeException) {
      send(ctx, 400, "malformed_json", "the body is not valid JSON", null);
      return;
    }
    if (CommitOutcomeUnknown.is(failure)) {
      LOG.warn("Outcome unknown on {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      send(ctx, 503, "outcome_unknown",
          "the store may or may not have applied this; read the resource again before retrying", null);
      return;
    }
    if (failure != null && Unavailable.is(failure)) {
      LOG.warn("Unavailable on {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      ctx.response().putHeader("Retry-After", "1");
      send(ctx, 503, "unavailable", "the store or the cluster is not available right now; retry shortly", null);
      return;
    }
    int status = ctx.statusCode();
    if (failure instanceof HttpException h) {
      status = h.getStatusCode();
    }
    String[] standard = STANDARD.get(status);
    if (standard != null) {
      send(ctx, status, standard[0], standard[1], null);
      return;
    }
    if (status >= 400 && status < 500) {
      // A client error Vert.x raised that has no code of its own: still the client's, never a 500.
      send(ctx, status, "bad_request", "the request is malformed", null);
      return;
    }
    if (failure instanceof java.nio.channels.ClosedChannelException || ctx.response().closed()) {
      // The client went away while the answer (a static file) was being written: nothing to answer.
      LOG.debug("Client gone during {} {}", ctx.request().method(), ctx.request().path());
      return;
    }
    String incident = UUID.randomUUID().toString();
    LOG.error("Unhandled failure {} on {} {}", incident, ctx.request().method(), ctx.request().path(), failure);
    send(ctx, 500, "internal", "internal error, incident " + incident, null);
  }

  /** Writes one error response, unless a response was already started. */
  public static void send(RoutingContext ctx, int status, String code, String message, String field) {
    send(ctx, status, code, message, field, null);
  }

  /** One error response with more members in its error object (e.g. the ids of an unknown outcome). */
  public static void send(
      RoutingContext ctx, int status, String code, String message, String field, JsonObject details) {
    send(ctx.response(), status, code, message, field, details);
  }

  /** One error response outside a router (the request was refused before routing). */
  public static Future<Void> send(
      HttpServerResponse response, int status, String code, String message, String field) {
    if (!response.headWritten()) {
      SecurityHeaders.addToRefusal(response); // no router, so not its headers handler
    }
    return send(response, status, code, message, field, null);
  }

  private static Future<Void> send(
      HttpServerResponse response, int status, String code, String message, String field,
      JsonObject details) {
    if (response.headWritten() || response.closed()) {
      return Future.succeededFuture();
    }
    JsonObject error =
        new JsonObject().put("code", code).put("message", message).put("field", field);
    if (details != null) {
      error.mergeIn(details);
    }
    return response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("error", error).toBuffer());
  }
}
