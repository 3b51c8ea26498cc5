package org.hamal.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file database in mixed mode, as the embedded default runs it. */
class H2ReportStoreTest extends ReportStoreContract {

  @TempDir Path dir;

  @Override
  StoreOptions options() {
    return options(dir);
  }

  /** An H2 file database in {@code dir}, in mixed mode, as the embedded default runs it. */
  static StoreOptions options(Path dir) {
    return new StoreOptions(
        "jdbc:h2:file:" + dir.resolve("hamal") + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;WRITE_DELAY=0",
        "sa",
        "",
        4,
        256,
        0,
        10_000,
        new JournalOptions("auto", dir.resolve("journal").toString(), 60));
  }
}
