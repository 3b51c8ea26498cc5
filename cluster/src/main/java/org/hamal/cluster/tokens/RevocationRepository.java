package org.hamal.cluster.tokens;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hamal.cluster.store.Store;

/**
 * The revoked tokens ({@code revoked_token}): the record every node restores its refused tokens
 * from, whatever the token was (a device link, an API key, any other token with a jti).
 */
public final class RevocationRepository {

  private static final String COLUMNS = "jti, expires_at, revoked_at, revoked_by, reason";
  /** A second revocation of one token keeps the first. */
  private static final String INSERT =
      "INSERT INTO revoked_token (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (jti) DO NOTHING";
  private static final String NOT_EXPIRED = "SELECT " + COLUMNS + " FROM revoked_token WHERE expires_at > ?";

  private final Store store;

  public RevocationRepository(Store store) {
    this.store = store;
  }

  /** Records a revocation on its own. */
  public Future<Void> record(Revocation r) {
    return store.transaction(c -> insert(c, r));
  }

  /** Records a revocation inside another's transaction (a device link's, an API key's). */
  public static Future<Void> insert(SqlClient c, Revocation r) {
    return c.preparedQuery(INSERT)
        .execute(Tuple.tuple()
            .addString(r.jti())
            .addLong(r.expiresAt().toEpochMilli())
            .addLong(r.revokedAt().toEpochMilli())
            .addString(r.revokedBy())
            .addString(r.reason()))
        .mapEmpty();
  }

  /** The revocations whose tokens have not expired at {@code now}: every node refuses them. */
  public Future<List<Revocation>> notExpired(Instant now) {
    return store.query(c -> c.preparedQuery(NOT_EXPIRED).execute(Tuple.of(now.toEpochMilli()))).map(rows -> {
      List<Revocation> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Revocation(
          r.getString("jti"),
          Instant.ofEpochMilli(r.getLong("expires_at")),
          Instant.ofEpochMilli(r.getLong("revoked_at")),
          r.getString("revoked_by"),
          r.getString("reason"))));
      return out;
    });
  }
}
