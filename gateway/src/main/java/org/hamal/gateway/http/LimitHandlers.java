package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.OptionalLong;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.limits.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits per caller on requests (docs/security.md, "Limits per caller"): reports per token
 * subject across the cluster, and requests without a token per source address. Each refusal is
 * {@code 429 rate_limited} with {@code Retry-After}.
 */
final class LimitHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(LimitHandlers.class);

  private final NodeServices services;
  private final Limits limits;

  LimitHandlers(NodeServices services) {
    this.services = services;
    this.limits = services.limits();
  }

  /** Before routing: what comes without a token counts against its source address. */
  void anonymous(RoutingContext ctx) {
    var request = ctx.request();
    if (request.headers().contains("Authorization") || request.params().contains("access_token")) {
      ctx.next();
      return;
    }
    OptionalLong wait = limits.anonymous().take(request.remoteAddress().hostAddress());
    if (wait.isPresent()) {
      refuse(ctx, wait.getAsLong(), "too many requests without a token from this address");
      return;
    }
    ctx.next();
  }

  /**
   * After the body handler of POST /api/v1/reports: one report from the caller's rate
   * (IntakeRates). If the cluster cannot answer, the report goes ahead: a limit must never cost a
   * report when the cluster is unwell.
   */
  void intake(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    boolean lifeSafety = isLifeSafety(ctx);
    limits.intake().take(caller, lifeSafety ? 1 : 0, lifeSafety ? 0 : 1).onComplete(result -> {
      if (result.failed()) {
        LOG.warn("Intake rate of {} not checked, the cluster did not answer: {}", caller.subject(), result.cause().toString());
        ctx.next();
      } else if (result.result().retryAfterSeconds() > 0) {
        refuse(ctx, result.result().retryAfterSeconds(), rateMessage(limits, caller));
      } else {
        ctx.next();
      }
    });
  }

  static String rateMessage(Limits limits, Caller caller) {
    return "this caller files at most " + limits.intake().perSecond(caller) + " reports a second";
  }

  /** Whether the body names a category the triage ranks life safety (an invalid body is not). */
  private boolean isLifeSafety(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null || !(body.getValue("category") instanceof String category)) {
        return false;
      }
      Object description = body.getValue("description");
      int priority = services.triage()
          .decide(category, description instanceof String d ? d : null).priority();
      return priority >= services.config().admission().lifeSafetyPriority();
    } catch (RuntimeException notAnObject) {
      return false;
    }
  }

  private static void refuse(RoutingContext ctx, long seconds, String message) {
    ApiError refused = rateLimited(seconds, message);
    ErrorResponses.retryAfter(ctx, refused);
    ErrorResponses.send(ctx, refused.status(), refused.code(), refused.getMessage(), null, refused.details());
  }

  /** The refusal of a caller over its rate; its retryAfterSeconds is also the Retry-After header. */
  static ApiError rateLimited(long seconds, String message) {
    return new ApiError(429, "rate_limited", message + "; retry in " + seconds + " s", null,
        new JsonObject().put(Intake.RETRY_AFTER_SECONDS, seconds));
  }
}
