package org.hamal.cluster.devices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hamal.cluster.store.Store;
import org.hamal.cluster.tokens.Revocation;
import org.hamal.cluster.tokens.RevocationRepository;

/** The device sign-in links issued ({@code device_link}), and which of them are revoked. */
public final class DeviceLinkRepository {

  private static final String COLUMNS = "jti, subject, districts, issued_by, issued_at, expires_at, revoked_at";
  private static final String INSERT =
      "INSERT INTO device_link (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL)";
  private static final String ACTIVE =
      "SELECT " + COLUMNS + " FROM device_link WHERE expires_at > ? ORDER BY issued_at DESC, jti";
  private static final String REVOKE =
      "UPDATE device_link SET revoked_at = ? WHERE jti = ? AND expires_at > ? AND revoked_at IS NULL";
  private static final String ONE = "SELECT " + COLUMNS + " FROM device_link WHERE jti = ? AND expires_at > ?";
  /** Who a link's revocation is recorded as revoked by in {@code revoked_token}. */
  private static final String REVOKED_BY = "device-link";

  private final Store store;

  public DeviceLinkRepository(Store store) {
    this.store = store;
  }

  public Future<Void> record(DeviceLink link) {
    return store.transaction(c -> c.preparedQuery(INSERT)
        .execute(Tuple.tuple()
            .addString(link.jti())
            .addString(link.subject())
            .addString(new JsonArray(link.districts()).encode())
            .addString(link.issuedBy())
            .addLong(link.issuedAt().toEpochMilli())
            .addLong(link.expiresAt().toEpochMilli()))
        .mapEmpty());
  }

  /** The links not yet expired at {@code now}, revoked or not; the newest first. */
  public Future<List<DeviceLink>> active(Instant now) {
    return list(ACTIVE, now);
  }

  /**
   * Revokes a link not yet expired (a second revocation keeps the first time), and records the
   * revocation of its token in the same transaction. Empty when there is no such link, or it has
   * expired.
   */
  public Future<Optional<DeviceLink>> revoke(String jti, Instant now) {
    long at = now.toEpochMilli();
    return store.transaction(c -> c.preparedQuery(REVOKE).execute(Tuple.of(at, jti, at))
        .compose(updated -> c.preparedQuery(ONE).execute(Tuple.of(jti, at)))
        .map(rows -> rows.size() == 0 ? Optional.<DeviceLink>empty() : Optional.of(from(rows.iterator().next())))
        .compose(found -> found.isEmpty()
            ? Future.succeededFuture(found)
            : RevocationRepository.insert(c, new Revocation(
                jti, found.get().expiresAt(), found.get().revokedAt(), REVOKED_BY, null)).map(found)));
  }

  private Future<List<DeviceLink>> list(String sql, Instant now) {
    return store.query(c -> c.preparedQuery(sql).execute(Tuple.of(now.toEpochMilli()))).map(rows -> {
      List<DeviceLink> out = new ArrayList<>();
      rows.forEach(r -> out.add(from(r)));
      return out;
    });
  }

  private static DeviceLink from(Row r) {
    Long revoked = r.getLong("revoked_at");
    return new DeviceLink(
        r.getString("jti"),
        r.getString("subject"),
        new JsonArray(r.getString("districts")).stream().map(String::valueOf).toList(),
        r.getString("issued_by"),
        Instant.ofEpochMilli(r.getLong("issued_at")),
        Instant.ofEpochMilli(r.getLong("expires_at")),
        revoked == null ? null : Instant.ofEpochMilli(revoked));
  }
}
