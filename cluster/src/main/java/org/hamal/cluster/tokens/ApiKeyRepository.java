package org.hamal.cluster.tokens;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hamal.cluster.store.Store;

/** The API keys created ({@code api_key}); a revocation is also recorded in {@code revoked_token}. */
public final class ApiKeyRepository {

  private static final String COLUMNS =
      "jti, name, channels, rate_per_minute, created_by, created_at, expires_at, revoked_at, revoked_by";
  /** A name names one usable key at a time: the history names the key by it. */
  private static final String INSERT = "INSERT INTO api_key (" + COLUMNS + ")"
      + " SELECT ?, ?, ?, ?, ?, ?, ?, NULL, NULL"
      + " WHERE NOT EXISTS (SELECT 1 FROM api_key WHERE name = ? AND revoked_at IS NULL AND expires_at > ?)";
  private static final String NOT_EXPIRED =
      "SELECT " + COLUMNS + " FROM api_key WHERE expires_at > ? ORDER BY created_at DESC, jti";
  private static final String REVOKE =
      "UPDATE api_key SET revoked_at = ?, revoked_by = ? WHERE jti = ? AND expires_at > ? AND revoked_at IS NULL";
  private static final String ONE = "SELECT " + COLUMNS + " FROM api_key WHERE jti = ? AND expires_at > ?";

  private final Store store;

  public ApiKeyRepository(Store store) {
    this.store = store;
  }

  /** Records a new key; false when a usable key already has its name (nothing recorded). */
  public Future<Boolean> create(ApiKey key) {
    long now = key.createdAt().toEpochMilli();
    return store.transaction(c -> c.preparedQuery(INSERT)
        .execute(Tuple.tuple()
            .addString(key.jti())
            .addString(key.name())
            .addString(new JsonArray(key.channels()).encode())
            .addInteger(key.ratePerMinute())
            .addString(key.createdBy())
            .addLong(now)
            .addLong(key.expiresAt().toEpochMilli())
            .addString(key.name())
            .addLong(now))
        .map(rows -> rows.rowCount() == 1));
  }

  /** The keys not yet expired at {@code now}, revoked or not; the newest first. */
  public Future<List<ApiKey>> notExpired(Instant now) {
    return store.query(c -> c.preparedQuery(NOT_EXPIRED).execute(Tuple.of(now.toEpochMilli()))).map(rows -> {
      List<ApiKey> out = new ArrayList<>();
      rows.forEach(r -> out.add(from(r)));
      return out;
    });
  }

  /**
   * Revokes a key not yet expired, and records the revocation of its token, in one transaction
   * (a second revocation keeps the first). Empty when there is no such key, or it has expired.
   */
  public Future<Optional<ApiKey>> revoke(String jti, String by, Instant now) {
    long at = now.toEpochMilli();
    return store.transaction(c -> c.preparedQuery(REVOKE).execute(Tuple.of(at, by, jti, at))
        .compose(updated -> c.preparedQuery(ONE).execute(Tuple.of(jti, at)))
        .map(rows -> rows.size() == 0 ? Optional.<ApiKey>empty() : Optional.of(from(rows.iterator().next())))
        .compose(found -> found.isEmpty()
            ? Future.succeededFuture(found)
            : RevocationRepository.insert(c, new Revocation(
                jti, found.get().expiresAt(), found.get().revokedAt(), found.get().revokedBy(), null)).map(found)));
  }

  private static ApiKey from(Row r) {
    Long revoked = r.getLong("revoked_at");
    return new ApiKey(
        r.getString("jti"),
        r.getString("name"),
        new JsonArray(r.getString("channels")).stream().map(String::valueOf).toList(),
        r.getInteger("rate_per_minute"),
        r.getString("created_by"),
        Instant.ofEpochMilli(r.getLong("created_at")),
        Instant.ofEpochMilli(r.getLong("expires_at")),
        revoked == null ? null : Instant.ofEpochMilli(revoked),
        r.getString("revoked_by"));
  }
}
