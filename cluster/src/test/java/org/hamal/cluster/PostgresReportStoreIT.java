package org.hamal.cluster;

/** The store contract on a real PostgreSQL server, as production runs it. */
class PostgresReportStoreIT extends ReportStoreContract {

  @Override
  StoreOptions options() throws Exception {
    return new StoreOptions(TestPostgres.freshDatabase(), null, null, 4, 256, 0, 10_000, new JournalOptions("auto", null, 60));
  }
}
