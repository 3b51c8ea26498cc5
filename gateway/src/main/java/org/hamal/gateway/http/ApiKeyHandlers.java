package org.hamal.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.tokens.ApiKey;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.keys.ApiKeys;
import org.hamal.gateway.keys.Revocations;
import org.hamal.gateway.logs.Audit;

/**
 * API keys and revocation (admin): {@code POST /api/v1/keys} creates a key, {@code GET} lists
 * those not yet expired, {@code DELETE /api/v1/keys/{id}} revokes one, and
 * {@code POST /api/v1/tokens/revoke} revokes any token by its jti or by the token itself.
 */
final class ApiKeyHandlers {

  static final String KEYS = "/api/v1/keys";
  static final String REVOKE = "/api/v1/tokens/revoke";

  private final NodeServices services;
  private final ApiKeyValidator validator;

  ApiKeyHandlers(NodeServices services) {
    this.services = services;
    this.validator = new ApiKeyValidator(services.config().keys(), services.config().reports().channels());
  }

  void create(RoutingContext ctx) {
    ApiKeyValidator.KeyRequest request = validator.validateKey(Bodies.jsonObject(ctx));
    services.keys().create(request.name(), request.limits(), request.ttl(), Caller.of(ctx).subject())
        .onSuccess(created -> {
          Audit.log(ctx, "key.created", new JsonObject().put("key", created.key().jti()).put("name", created.key().name()));
          Bodies.json(ctx, 201, render(created.key(), services.json()).put("token", created.token()));
        })
        .onFailure(e -> ctx.fail(e instanceof ApiKeys.NameTaken
            ? ApiError.conflict("name_taken", e.getMessage(), "name")
            : e));
  }

  void list(RoutingContext ctx) {
    services.keys().list()
        .onSuccess(keys -> {
          JsonArray out = new JsonArray();
          keys.forEach(k -> out.add(render(k, services.json())));
          Bodies.json(ctx, 200, new JsonObject().put("keys", out));
        })
        .onFailure(ctx::fail);
  }

  void revoke(RoutingContext ctx) {
    String id = ReportPaths.uuid(ctx, "id"); // a key's id is a UUID: anything else (a NUL) names none
    services.keys().revoke(id, Caller.of(ctx).subject())
        .onSuccess(found -> {
          if (found.isPresent()) {
            Audit.log(ctx, "key.revoked", new JsonObject().put("key", id));
          }
          Bodies.revoked(ctx, found, "no API key with this id that has not expired");
        })
        .onFailure(ctx::fail);
  }

  void revokeToken(RoutingContext ctx) {
    ApiKeyValidator.RevokeRequest request = validator.validateRevoke(Bodies.jsonObject(ctx));
    String by = Caller.of(ctx).subject();
    (request.token() != null
        ? services.revocations().revokeToken(request.token(), by, request.reason())
        : services.revocations().revokeJti(request.jti(), by, request.reason()))
        .onSuccess(revoked -> Audit.log(ctx, "token.revoked",
            new JsonObject().put("jti", revoked.jti()).put("kind", revoked.kind())))
        .onSuccess(revoked -> Bodies.json(ctx, 200, new JsonObject()
            .put("jti", revoked.jti())
            .put("kind", revoked.kind())
            .put("refusedUntil", services.json().format(revoked.expiresAt()))))
        .onFailure(e -> ctx.fail(
            e instanceof Revocations.NotATokenOfOurs ? ApiError.invalid("invalid_token", e.getMessage(), "token")
            : e instanceof Revocations.NotRevocable ? ApiError.invalid("not_revocable", e.getMessage(), "token")
            : e));
  }

  private static JsonObject render(ApiKey k, ReportJson json) {
    return new JsonObject()
        .put("id", k.jti())
        .put("name", k.name())
        .put("subject", k.subject())
        .put("channels", new JsonArray(k.channels()))
        .put("ratePerMinute", k.ratePerMinute())
        .put("createdBy", k.createdBy())
        .put("createdAt", json.format(k.createdAt()))
        .put("expiresAt", json.format(k.expiresAt()))
        .put("revokedAt", k.revokedAt() == null ? null : json.format(k.revokedAt()))
        .put("revokedBy", k.revokedBy());
  }
}
