package org.hamal.cluster.layers;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import org.hamal.cluster.store.Store;

/**
 * The district layers activated at run time, kept in the store so that every node —
 * and every node started later — routes with the same layer. The most recent activation is the
 * active one; activating an older version again makes it the most recent.
 */
public final class LayerArchive {

  private static final String COLUMNS =
      "version, name, source_crs, content, activated_at, activated_by";
  /** Activating a layer again makes it the most recent. */
  private static final String ACTIVATE =
      "INSERT INTO district_layer (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, source_crs = EXCLUDED.source_crs,"
          + " content = EXCLUDED.content, activated_at = EXCLUDED.activated_at, activated_by = EXCLUDED.activated_by";

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

  private final Store store;

  public LayerArchive(Store store) {
    this.store = store;
  }

  /** Records an activation; the layer becomes the active one once this succeeds. */
  public Future<Void> activate(StoredLayer layer) {
    Tuple row = Tuple.of(
        layer.version(),
        layer.name(),
        layer.sourceCrs(),
        layer.content(),
        layer.activatedAt().toEpochMilli(),
        layer.activatedBy());
    return store.transaction(conn -> conn.preparedQuery(ACTIVATE).execute(row)).mapEmpty();
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
    return store.query(c -> c.preparedQuery(sql).execute(args)).map(LayerArchive::first);
  }

  private static StoredLayer first(RowSet<Row> rows) {
    var it = rows.iterator();
    if (!it.hasNext()) {
      return null;
    }
    Row row = it.next();
    return new StoredLayer(
        row.getString("version"),
        row.getString("name"),
        row.getString("source_crs"),
        String.valueOf(row.getValue("content")),
        Instant.ofEpochMilli(row.getLong("activated_at")),
        row.getString("activated_by"));
  }
}
