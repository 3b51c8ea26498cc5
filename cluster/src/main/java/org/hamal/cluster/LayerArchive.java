package org.hamal.cluster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The district layers activated at run time, kept in the report database so that every node —
 * and every node started later — routes with the same layer. The most recent activation is the
 * active one; activating an older version again makes it the most recent.
 */
public final class LayerArchive {

  private static final String COLUMNS =
      "version, name, source_crs, content, activated_at, activated_by";

  /**
   * One activated layer.
   *
   * @param version the layer's content version
   * @param sourceCrs the CRS the content was declared in at upload, or null (the file says)
   * @param content the GeoJSON exactly as uploaded
   */
  public record StoredLayer(
      String version,
      String name,
      String sourceCrs,
      String content,
      Instant activatedAt,
      String activatedBy) {}

  private final RenewingPool pool;
  private final long timeoutMillis;

  LayerArchive(RenewingPool pool, long timeoutMillis) {
    this.pool = pool;
    this.timeoutMillis = timeoutMillis;
  }

  /** Records an activation; the layer becomes the active one once this succeeds. */
  public Future<Void> activate(StoredLayer layer) {
    Tuple row =
        Tuple.of(
            layer.name(),
            layer.sourceCrs(),
            layer.content(),
            layer.activatedAt().toEpochMilli(),
            layer.activatedBy(),
            layer.version());
    return pool.use(
            p ->
                p.withTransaction(
                    conn ->
                        conn.preparedQuery(
                                "UPDATE district_layer SET name = ?, source_crs = ?, content = ?,"
                                    + " activated_at = ?, activated_by = ? WHERE version = ?")
                            .execute(row)
                            .compose(
                                updated ->
                                    updated.rowCount() > 0
                                        ? Future.succeededFuture()
                                        : conn.preparedQuery(
                                                "INSERT INTO district_layer (name, source_crs,"
                                                    + " content, activated_at, activated_by,"
                                                    + " version) VALUES (?, ?, ?, ?, ?, ?)")
                                            .execute(row)
                                            .mapEmpty())))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  /** The active layer, or null when none was ever activated (the configured one applies). */
  public Future<StoredLayer> active() {
    return one(
        "SELECT " + COLUMNS + " FROM district_layer ORDER BY activated_at DESC, version LIMIT 1",
        Tuple.tuple());
  }

  /** The layer with this version, or null. */
  public Future<StoredLayer> get(String version) {
    return one("SELECT " + COLUMNS + " FROM district_layer WHERE version = ?", Tuple.of(version));
  }

  private Future<StoredLayer> one(String sql, Tuple args) {
    return pool.use(p -> p.preparedQuery(sql).execute(args))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(LayerArchive::first);
  }

  private static StoredLayer first(RowSet<Row> rows) {
    var it = rows.iterator();
    if (!it.hasNext()) {
      return null;
    }
    Row row = it.next();
    return new StoredLayer(
        row.getString(0),
        row.getString(1),
        row.getString(2),
        String.valueOf(row.getValue(3)),
        Instant.ofEpochMilli(row.getLong(4)),
        row.getString(5));
  }
}
