package org.hamal.cluster.store;

/**
 * The durable store.
 *
 * @param url JDBC URL of a PostgreSQL database; null or blank: the node runs its own server in
 *     {@code embeddedDir}
 * @param user database user, when not in the URL
 * @param password database password, when not in the URL
 * @param poolSize connections for reads and commits
 * @param maxBatch most reports committed in one transaction
 * @param lingerMillis how long a commit may wait for more reports to join it; 0 commits at once
 *     and lets batches form only while the previous commit runs
 * @param timeoutMillis bound on any one store operation
 * @param embeddedDir the embedded server's data directory (used without a URL)
 */
public record StoreOptions(
    String url,
    String user,
    String password,
    int poolSize,
    int maxBatch,
    long lingerMillis,
    long timeoutMillis,
    String embeddedDir) {

  /** True when the node runs the store's server itself. */
  public boolean isEmbedded() {
    return url == null || url.isBlank();
  }

  public StoreOptions withEmbeddedDir(String dir) {
    return new StoreOptions(url, user, password, poolSize, maxBatch, lingerMillis, timeoutMillis, dir);
  }
}
