package org.hamal.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Signs and verifies the bearer JWTs (HS256 with the cluster's shared key). */
public final class Tokens {

  private final JWTAuth jwt;
  private final String issuer;

  public Tokens(Vertx vertx, String secret, String issuer) {
    this.issuer = issuer;
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
                .setJWTOptions(new JWTOptions().setIssuer(issuer)));
  }

  JWTAuth provider() {
    return jwt;
  }

  /**
   * A token for {@code subject} with the given roles; {@code districts} confine a patroller. It
   * carries a fresh {@code jti}, so that it can be revoked.
   */
  public String mint(
      String subject, Collection<Role> roles, Collection<String> districts, Duration ttl) {
    return mint(subject, roles, districts, ttl, UUID.randomUUID().toString());
  }

  /**
   * An API key's token: {@code intake} for {@code subject}, named by {@code jti}, carrying the
   * key's limits as claims so that every node enforces them without a query.
   */
  public Minted mintKey(String subject, Duration ttl, String jti, KeyLimits limits) {
    JsonObject extra = new JsonObject();
    if (!limits.channels().isEmpty()) {
      extra.put(KeyLimits.CHANNELS_CLAIM, new JsonArray(limits.channels()));
    }
    if (limits.ratePerMinute() != null) {
      extra.put(KeyLimits.RATE_CLAIM, limits.ratePerMinute());
    }
    return minted(mint(subject, List.of(Role.INTAKE), List.of(), ttl, jti, extra));
  }

  /**
   * The claims of a token signed with this node's key and not expired; a failed future when it
   * is neither (revocation by token checks that it names a real token).
   */
  public Future<JsonObject> verified(String token) {
    // Once verified, its claims are read as written (the provider keeps exp apart from the principal).
    return jwt.authenticate(new TokenCredentials(token)).map(user -> claims(token));
  }

  /** A token just minted, with the times its own {@code iat} and {@code exp} claims name. */
  public record Minted(String token, Instant issuedAt, Instant expiresAt) {}

  /**
   * A revocable token, as {@link #mint(String, Collection, Collection, Duration, String)}, with
   * its times read back from its claims: what is recorded of it is what it says, to the second.
   */
  public Minted mintRevocable(
      String subject, Collection<Role> roles, Collection<String> districts, Duration ttl, String jti) {
    return minted(mint(subject, roles, districts, ttl, jti));
  }

  private static Minted minted(String token) {
    JsonObject claims = claims(token);
    return new Minted(token, Instant.ofEpochSecond(claims.getLong("iat")), Instant.ofEpochSecond(claims.getLong("exp")));
  }

  /** The claims of a token signed here (not verified: it was just signed, or verified already). */
  private static JsonObject claims(String token) {
    String payload = token.split("\\.")[1];
    return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }

  /**
   * A token as {@link #mint(String, Collection, Collection, Duration)}, named by {@code jti}, the
   * id it is revoked by (a device link's, an API key's).
   */
  public String mint(
      String subject, Collection<Role> roles, Collection<String> districts, Duration ttl, String jti) {
    return mint(subject, roles, districts, ttl, jti, new JsonObject());
  }

  private String mint(
      String subject, Collection<Role> roles, Collection<String> districts, Duration ttl, String jti,
      JsonObject extra) {
    JsonObject claims =
        extra.copy()
            .put("roles", new JsonArray(roles.stream().map(Role::wire).toList()))
            .put("jti", Objects.requireNonNull(jti, "every token is named by a jti"));
    if (!districts.isEmpty()) {
      claims.put("districts", new JsonArray(districts.stream().toList()));
    }
    return jwt.generateToken(
        claims,
        new JWTOptions()
            .setAlgorithm("HS256")
            .setIssuer(issuer)
            .setSubject(subject)
            .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttl.toSeconds())));
  }
}
