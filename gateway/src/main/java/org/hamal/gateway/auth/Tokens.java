package org.hamal.gateway.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;

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
   * A token for {@code subject} with the given roles; {@code districts} confine a patroller.
   */
  public String mint(
      String subject, Collection<Role> roles, Collection<String> districts, Duration ttl) {
    return mint(subject, roles, districts, ttl, null);
  }

  /** A token just minted, with the times its own {@code iat} and {@code exp} claims name. */
  public record Minted(String token, Instant issuedAt, Instant expiresAt) {}

  /**
   * A revocable token, as {@link #mint(String, Collection, Collection, Duration, String)}, with
   * its times read back from its claims: what is recorded of it is what it says, to the second.
   */
  public Minted mintRevocable(
      String subject, Collection<Role> roles, Collection<String> districts, Duration ttl, String jti) {
    String token = mint(subject, roles, districts, ttl, jti);
    JsonObject claims = claims(token);
    return new Minted(token, Instant.ofEpochSecond(claims.getLong("iat")), Instant.ofEpochSecond(claims.getLong("exp")));
  }

  /** The claims of a token this class minted (not verified: it was just signed here). */
  private static JsonObject claims(String token) {
    String payload = token.split("\\.")[1];
    return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }

  /**
   * A token as {@link #mint(String, Collection, Collection, Duration)}, with a {@code jti} that
   * names it, so that it can be revoked before it expires (device sign-in links); null for none.
   */
  public String mint(
      String subject, Collection<Role> roles, Collection<String> districts, Duration ttl, String jti) {
    JsonObject claims =
        new JsonObject()
            .put("roles", new JsonArray(roles.stream().map(Role::wire).toList()));
    if (!districts.isEmpty()) {
      claims.put("districts", new JsonArray(districts.stream().toList()));
    }
    if (jti != null) {
      claims.put("jti", jti);
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
