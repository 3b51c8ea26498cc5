package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.OptionalLong;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.config.LimitsConfig.IntakeLimits;
import org.hamal.gateway.limits.CallerRates;
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
  private static final String LIFE_SAFETY = "#life-safety";

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
   * After the body handler of POST /api/v1/reports: one report from the caller's rate. A
   * life-safety report is taken from its own allowance first, then from the caller's rate. The
   * admin token is not limited. If the cluster cannot answer, the report goes ahead: a limit must
   * never cost a report when the cluster is unwell.
   */
  void intake(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    if (caller.has(Role.ADMIN)) {
      ctx.next();
      return;
    }
    IntakeLimits config = limits.config().intake();
    int factor = caller.has(Role.INTAKE) ? config.relayFactor() : 1;
    var rate = new CallerRates.Rate(config.reportsPerSecond() * factor, config.burst() * factor);
    String key = "intake:" + caller.subject();
    Future<OptionalLong> taken;
    if (isLifeSafety(ctx)) {
      var life = new CallerRates.Rate(config.lifeSafetyPerSecond() * factor, config.lifeSafetyBurst() * factor);
      taken = limits.intake().take(key + LIFE_SAFETY, life, 1)
          .compose(wait -> wait.isEmpty() ? Future.succeededFuture(wait) : limits.intake().take(key, rate, 1)
              .map(other -> other.isEmpty() ? other : OptionalLong.of(Math.min(wait.getAsLong(), other.getAsLong()))));
    } else {
      taken = limits.intake().take(key, rate, 1);
    }
    taken.onComplete(result -> {
      if (result.failed()) {
        LOG.warn("Intake rate of {} not checked, the cluster did not answer: {}", caller.subject(), result.cause().toString());
        ctx.next();
      } else if (result.result().isPresent()) {
        refuse(ctx, result.result().getAsLong(),
            "this caller files at most " + config.reportsPerSecond() * factor + " reports a second");
      } else {
        ctx.next();
      }
    });
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
    ctx.response().putHeader("Retry-After", String.valueOf(seconds));
    ErrorResponses.send(ctx, 429, "rate_limited", message + "; retry in " + seconds + " s", null,
        new JsonObject().put(Intake.RETRY_AFTER_SECONDS, seconds));
  }
}
