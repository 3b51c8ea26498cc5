package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.OptionalLong;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.ClientAddress;
import org.hamal.gateway.limits.Limits;

/**
 * The limits per caller on requests (docs/security.md, "Limits per caller"): reports per token
 * subject across the cluster, and requests without a token per source address. Each refusal is
 * {@code 429 rate_limited} with {@code Retry-After}.
 */
final class LimitHandlers {

  private final Limits limits;
  private final ReportRate reports;

  LimitHandlers(NodeServices services) {
    this.limits = services.limits();
    this.reports = new ReportRate(services);
  }

  /**
   * Before routing: what comes without a token counts against its source address, and so does
   * whatever comes to a public route (the pages, districts, alert areas, Open311): those never
   * look at a token, so an {@code Authorization: x} must not buy a way past the limit.
   */
  void anonymous(RoutingContext ctx) {
    var request = ctx.request();
    boolean credential = request.headers().contains("Authorization") || request.params().contains("access_token");
    if (credential && !isPublic(request.path())) {
      ctx.next();
      return;
    }
    OptionalLong wait = limits.anonymous().take(ClientAddress.of(ctx));
    if (wait.isPresent()) {
      refuse(ctx, rateLimited(wait.getAsLong(), "too many requests without a token from this address"));
      return;
    }
    ctx.next();
  }

  /** After the body handler of POST /api/v1/reports: one report from the caller's rate (ReportRate). */
  void intake(RoutingContext ctx) {
    reports.take(Caller.of(ctx), body(ctx)).onSuccess(allowed -> ctx.next())
        .onFailure(refused -> refuse(ctx, (ApiError) refused));
  }

  /** Routes that serve without a token: everything but the API, and the API's public reads. */
  private static boolean isPublic(String path) {
    // The benchmark endpoints (off unless switched on) take a token like the API they stand for.
    return path == null || !(path.startsWith("/api/") || path.startsWith("/bench/")) || PUBLIC_API.contains(path);
  }

  private static final java.util.Set<String> PUBLIC_API = java.util.Set.of(
      "/api/v1/districts", "/api/v1/districts/locate", "/api/v1/alert-areas", OpenApiHandler.PATH);

  static String rateMessage(Limits limits, Caller caller) {
    return "this caller files at most " + limits.intake().perSecond(caller) + " reports a second";
  }

  /** The request's JSON body, or null when it is none. */
  private static JsonObject body(RoutingContext ctx) {
    try {
      return Bodies.jsonObject(ctx);
    } catch (ApiError notAnObject) {
      return null; // the handler refuses it
    }
  }

  private static void refuse(RoutingContext ctx, ApiError refused) {
    ErrorResponses.retryAfter(ctx, refused);
    ErrorResponses.send(ctx, refused.status(), refused.code(), refused.getMessage(), null, refused.details());
  }

  /** The refusal of a caller over its rate; its retryAfterSeconds is also the Retry-After header. */
  static ApiError rateLimited(long seconds, String message) {
    return new ApiError(429, "rate_limited", message + "; retry in " + seconds + " s", null,
        new JsonObject().put(Intake.RETRY_AFTER_SECONDS, seconds));
  }
}
