package org.hamal.gateway.keys;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hamal.cluster.tokens.Revocation;
import org.hamal.cluster.tokens.RevocationRepository;
import org.hamal.cluster.tokens.RevokedTokens;
import org.hamal.gateway.auth.Tokens;
import org.hamal.gateway.devices.DeviceLinks;

/**
 * Revokes any token by its {@code jti}: an API key's or a device link's is marked on its record
 * too; any other is recorded in {@code revoked_token} alone. Every node refuses it within a second
 * (the cluster's map) and after any restart (the store).
 */
public final class Revocations {

  /** The token given is not one of this cluster's, or has expired: nothing to revoke. */
  public static final class NotATokenOfOurs extends RuntimeException {
    public NotATokenOfOurs() {
      super("this is not a token signed with this cluster's key, or it has expired", null, false, false);
    }
  }

  /** The token has no jti (minted before every token had one): it cannot be revoked alone. */
  public static final class NotRevocable extends RuntimeException {
    public NotRevocable() {
      super("this token has no jti (it was minted before tokens had one) and cannot be revoked alone;"
          + " rotate auth.jwtSecret to cut every such token", null, false, false);
    }
  }

  /** What was revoked: the key or the device link it was, if any, and until when it is refused. */
  public record Revoked(String jti, Instant expiresAt, String kind) {}

  private final Tokens tokens;
  private final ApiKeys keys;
  private final DeviceLinks links;
  private final RevocationRepository repository;
  private final RevokedTokens revoked;
  private final Duration jtiOnlyKeep;

  public Revocations(Tokens tokens, ApiKeys keys, DeviceLinks links, RevocationRepository repository,
      RevokedTokens revoked, Duration jtiOnlyKeep) {
    this.tokens = tokens;
    this.keys = keys;
    this.links = links;
    this.repository = repository;
    this.revoked = revoked;
    this.jtiOnlyKeep = jtiOnlyKeep;
  }

  /** Revokes the token given whole: checked, then kept refused exactly until it expires. */
  public Future<Revoked> revokeToken(String token, String by, String reason) {
    return tokens.verified(token)
        .recover(e -> Future.failedFuture(new NotATokenOfOurs()))
        .compose(claims -> {
          String jti = claims.getString("jti");
          if (jti == null) {
            return Future.failedFuture(new NotRevocable());
          }
          return revoke(jti, Instant.ofEpochSecond(claims.getLong("exp")), by, reason);
        });
  }

  /**
   * Revokes a token by its jti. A key's or a link's expiry is known; any other is refused for
   * {@code keys.jtiOnlyKeepDays}.
   */
  public Future<Revoked> revokeJti(String jti, String by, String reason) {
    return revoke(jti, Instant.now().plus(jtiOnlyKeep), by, reason);
  }

  private Future<Revoked> revoke(String jti, Instant otherwiseExpiresAt, String by, String reason) {
    return keys.revoke(jti, by)
        .map(key -> key.map(k -> new Revoked(jti, k.expiresAt(), "key")))
        .compose(key -> key.isPresent() ? Future.succeededFuture(key) : links.revoke(jti)
            .map(link -> link.map(l -> new Revoked(jti, l.expiresAt(), "device-link"))))
        .compose(known -> known.isPresent()
            ? Future.succeededFuture(known.get())
            : revokeOther(new Revocation(jti, otherwiseExpiresAt, Instant.now(), by, reason)));
  }

  private Future<Revoked> revokeOther(Revocation r) {
    return repository.record(r)
        .compose(v -> revoked.announce(Optional.of(r), Revocation::jti, Revocation::expiresAt))
        .map(v -> new Revoked(r.jti(), r.expiresAt(), "token"));
  }
}
