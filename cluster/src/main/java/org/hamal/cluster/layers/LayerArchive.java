package org.hamal.cluster.layers;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import org.hamal.cluster.store.Store;

/**
 * The city files activated at run time — district layers ({@code district_layer}), place files
 * ({@code place_file}) or alert-area files ({@code alert_area_file}), tables of one shape — kept in the store so that every node, and every
 * node started later, uses the same version. The most recent activation is the active one;
 * activating an older version again makes it the most recent.
 */
public final class LayerArchive {

  private static final String COLUMNS =
      "version, name, source_crs, content, activated_at, activated_by";

  /** Activating a file again makes it the most recent. */
  private final String activate;
  private final String active;
  private final String get;

  /**
   * One activated file.
   *
   * @param version the file's content version
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

  private LayerArchive(Store store, String table) {
    this.store = store;
    this.activate = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, source_crs = EXCLUDED.source_crs,"
        + " content = EXCLUDED.content, activated_at = EXCLUDED.activated_at, activated_by = EXCLUDED.activated_by";
    this.active = "SELECT " + COLUMNS + " FROM " + table + " ORDER BY activated_at DESC, version LIMIT 1";
    this.get = "SELECT " + COLUMNS + " FROM " + table + " WHERE version = ?";
  }

  /** The district layers. */
  public static LayerArchive districts(Store store) {
    return new LayerArchive(store, "district_layer");
  }

  /** The place files. */
  public static LayerArchive places(Store store) {
    return new LayerArchive(store, "place_file");
  }

  /** The Home Front Command's alert-area files. */
  public static LayerArchive alertAreas(Store store) {
    return new LayerArchive(store, "alert_area_file");
  }

  /** Records an activation; the file becomes the active one once this succeeds. */
  public Future<Void> activate(StoredLayer layer) {
    Tuple row = Tuple.of(
        layer.version(),
        layer.name(),
        layer.sourceCrs(),
        layer.content(),
        layer.activatedAt().toEpochMilli(),
        layer.activatedBy());
    return store.transaction(conn -> conn.preparedQuery(activate).execute(row)).mapEmpty();
  }

  /** The active file, or null when none was ever activated (the configured one applies). */
  public Future<StoredLayer> active() {
    return one(active, Tuple.tuple());
  }

  /** The file with this version, or null. */
  public Future<StoredLayer> get(String version) {
    return one(get, Tuple.of(version));
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
