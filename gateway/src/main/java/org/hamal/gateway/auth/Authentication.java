package org.hamal.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.OrAuthorization;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Bearer authentication for the API and the live stream. A request carries either the admin
 * token (an opaque secret) or a JWT signed with the cluster's key; either way the route sees a
 * {@link Caller}. Browsers cannot set headers on a WebSocket, so the live stream's WebSocket
 * handshake (and nothing else: a query token ends up in logs and histories) may carry the token
 * in the {@code access_token} query parameter instead (RFC 6750, section 2.3).
 */
public final class Authentication {

  private static final String PROVIDER = "hamal-roles";
  private static final String BEARER = "Bearer ";

  private final Tokens tokens;
  private final byte[] adminToken;
  private final String webSocketPath;
  private final Predicate<String> revoked;

  /**
   * @param webSocketPath the one path whose WebSocket handshake may carry a query token
   * @param revoked whether a token id ({@code jti}) was revoked: answered from memory, since it is
   *     asked on every request
   */
  public Authentication(Tokens tokens, String adminToken, String webSocketPath, Predicate<String> revoked) {
    this.tokens = tokens;
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    this.webSocketPath = webSocketPath;
    this.revoked = revoked;
  }

  /** Establishes the caller or fails the request with 401. */
  public AuthenticationHandler handler() {
    return SimpleAuthenticationHandler.create().authenticate(this::authenticate);
  }

  /** Lets the request through when the caller has any of {@code roles}; else 403. */
  public static Handler<RoutingContext> requireAny(Role... roles) {
    OrAuthorization any = OrAuthorization.create();
    for (Role r : roles) {
      any.addAuthorization(RoleBasedAuthorization.create(r.wire()));
    }
    return AuthorizationHandler.create(any);
  }

  private Future<User> authenticate(RoutingContext ctx) {
    String token = bearerToken(ctx.request());
    if (token == null) {
      return Future.failedFuture(new HttpException(401, "missing bearer token"));
    }
    return unauthorizedUnless(() -> verified(token).compose(u -> admit(ctx, u)));
  }

  /**
   * A token that fails to verify for any reason is a 401: a correctly signed token whose claims
   * have the wrong JSON types (a string {@code exp}, a number for {@code roles}) makes the JWT
   * provider and {@link Caller#fromUser} throw a ClassCastException, which is no server error.
   */
  private static <T> Future<T> unauthorizedUnless(java.util.function.Supplier<Future<T>> check) {
    Future<T> checked;
    try {
      checked = check.get();
    } catch (RuntimeException e) {
      checked = Future.failedFuture(e);
    }
    return checked.recover(err -> Future.failedFuture(
        err instanceof HttpException ? err : new HttpException(401, "invalid token")));
  }

  /**
   * The caller a token names, verified as a bearer token is (signature, expiry, revocation); fails
   * when it is not valid. For credentials carried elsewhere than the header (Open311's {@code
   * api_key}).
   */
  public Future<Caller> caller(String token) {
    return unauthorizedUnless(() -> verified(token).map(user -> {
      Caller caller = Caller.fromUser(user);
      if (isRevoked(caller)) {
        throw new HttpException(401, "token revoked");
      }
      return caller;
    }));
  }

  private Future<User> verified(String token) {
    return isAdminToken(token)
        ? Future.succeededFuture(adminUser())
        : tokens.provider().authenticate(new TokenCredentials(token));
  }

  /** True when the caller's token was revoked since it was admitted (a live stream asks again). */
  public boolean isRevoked(Caller caller) {
    return revoked.test(caller.tokenId());
  }

  private Future<User> admit(RoutingContext ctx, User user) {
    Caller caller = Caller.fromUser(user);
    if (isRevoked(caller)) {
      return Future.failedFuture(new HttpException(401, "token revoked"));
    }
    Set<Authorization> granted = new HashSet<>();
    caller.roles().forEach(r -> granted.add(RoleBasedAuthorization.create(r.wire())));
    user.authorizations().put(PROVIDER, granted);
    ctx.put(Caller.CONTEXT_KEY, caller);
    return Future.succeededFuture(user);
  }

  private boolean isAdminToken(String token) {
    return MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8));
  }

  private static User adminUser() {
    return User.create(
        new JsonObject().put("sub", "admin").put("roles", new JsonArray().add(Role.ADMIN.wire())));
  }

  private String bearerToken(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = header.substring(BEARER.length()).trim();
      return token.isEmpty() ? null : token;
    }
    if (request.method() == HttpMethod.GET
        && webSocketPath.equals(request.path())
        && "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      String token = request.getParam("access_token");
      return token == null || token.isEmpty() ? null : token;
    }
    return null;
  }
}
