package org.hamal.cluster;

/**
 * The durable report store.
 *
 * @param url JDBC URL: H2 ({@code jdbc:h2:file:...;AUTO_SERVER=TRUE}) or PostgreSQL
 * @param user database user
 * @param password database password
 * @param poolSize connections for reads and commits
 * @param maxBatch most reports committed in one transaction
 * @param lingerMillis how long a commit may wait for more reports to join it; 0 commits at once
 *     and lets batches form only while the previous commit runs
 * @param timeoutMillis bound on any one store operation
 * @param journal the intake journal kept beside a store that can lose acknowledged commits
 */
public record StoreOptions(
    String url,
    String user,
    String password,
    int poolSize,
    int maxBatch,
    long lingerMillis,
    long timeoutMillis,
    JournalOptions journal) {}
