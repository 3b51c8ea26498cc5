package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.hamal.cluster.patrollers.PatrollerPositions;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;

/**
 * Patrollers on duty: a patroller's tablet puts its position ({@code PUT
 * /api/v1/patrollers/me/position}) and signs off ({@code DELETE}); the ops room lists them
 * ({@code GET /api/v1/patrollers}). The patroller is the token's subject, its districts the
 * token's.
 */
final class PatrollerHandlers {

  private final NodeServices services;
  private final PositionValidator validator;

  PatrollerHandlers(NodeServices services) {
    this.services = services;
    this.validator = new PositionValidator(services.patrollers().options().accuracyMaxM());
  }

  void putPosition(RoutingContext ctx) {
    PositionValidator.Position p = validator.validate(Bodies.jsonObject(ctx));
    Caller caller = Caller.of(ctx);
    services.patrollers()
        .report(caller.subject(), caller.districts().stream().sorted().toList(), p.lon(), p.lat(), p.accuracyM())
        .onSuccess(outcome -> {
          if (outcome instanceof PatrollerPositions.TooFrequent tooSoon) {
            ctx.response().putHeader("Retry-After", String.valueOf(tooSoon.retryAfterSeconds()));
            ctx.fail(new ApiError(429, "too_frequent",
                "one position per " + services.patrollers().options().minIntervalSeconds()
                    + " s; retry after " + tooSoon.retryAfterSeconds() + " s", null));
          } else {
            noContent(ctx);
          }
        })
        .onFailure(ctx::fail);
  }

  void offDuty(RoutingContext ctx) {
    services.patrollers().offDuty(Caller.of(ctx).subject())
        .onSuccess(v -> noContent(ctx))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    services.patrollers().all()
        .onSuccess(all -> Bodies.json(ctx, 200, new JsonObject().put("patrollers", services.patrollerFeed().render(all))))
        .onFailure(ctx::fail);
  }

  private static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
  }
}
