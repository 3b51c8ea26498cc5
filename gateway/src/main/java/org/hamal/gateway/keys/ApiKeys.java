package org.hamal.gateway.keys;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hamal.cluster.tokens.ApiKey;
import org.hamal.cluster.tokens.ApiKeyRepository;
import org.hamal.cluster.tokens.RevokedTokens;
import org.hamal.gateway.auth.KeyLimits;
import org.hamal.gateway.auth.Tokens;

/**
 * API keys for integrations: an {@code intake} token named {@code key:<name>}, recorded (never the
 * token, only its jti) so that an admin can list and revoke it.
 */
public final class ApiKeys {

  /** A key just created: the token is shown once, in the answer, and never stored. */
  public record Created(ApiKey key, String token) {}

  /** Another usable key has this name: nothing was recorded. */
  public static final class NameTaken extends RuntimeException {
    public NameTaken(String name) {
      super("a key named " + name + " exists and is neither revoked nor expired: revoke it first, or choose another name",
          null, false, false);
    }
  }

  private final Tokens tokens;
  private final ApiKeyRepository repository;
  private final RevokedTokens revoked;

  public ApiKeys(Tokens tokens, ApiKeyRepository repository, RevokedTokens revoked) {
    this.tokens = tokens;
    this.repository = repository;
    this.revoked = revoked;
  }

  public Future<Created> create(String name, KeyLimits limits, Duration ttl, String createdBy) {
    String jti = UUID.randomUUID().toString();
    Tokens.Minted minted = tokens.mintKey(ApiKey.SUBJECT_PREFIX + name, ttl, jti, limits);
    ApiKey key = new ApiKey(jti, name, limits.channels(), limits.ratePerMinute(), createdBy, minted.issuedAt(),
        minted.expiresAt(), null, null);
    return repository.create(key).compose(recorded -> recorded
        ? Future.succeededFuture(new Created(key, minted.token()))
        : Future.failedFuture(new NameTaken(name)));
  }

  /** The keys not yet expired, revoked ones included; the newest first. */
  public Future<List<ApiKey>> list() {
    return repository.notExpired(Instant.now());
  }

  /**
   * Revokes a key: recorded in the store first (so it survives a restart), then refused on this
   * node at once and on the others as soon as the cluster tells them. Empty when there is no such
   * key, or it has expired.
   */
  public Future<Optional<ApiKey>> revoke(String jti, String by) {
    return repository.revoke(jti, by, Instant.now())
        .compose(found -> revoked.announce(found, ApiKey::jti, ApiKey::expiresAt));
  }
}
