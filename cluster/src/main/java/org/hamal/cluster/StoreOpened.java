package org.hamal.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.h2.api.DatabaseEventListener;

/**
 * Records when an H2 file database was last opened from disk, beside its file
 * ({@code <file>.opened}). H2 calls it in the process that opens the file: at a node's start, or
 * when a node takes the file over after its host died (mixed mode). A commit the old host
 * acknowledged and the opener cannot find is lost; one found after an open is on disk for good. So
 * the intake journals keep every report until the store has been opened after it and the report
 * found there ({@link IntakeJournal}).
 */
public final class StoreOpened implements DatabaseEventListener {

  private static final String SUFFIX = ".opened";

  private volatile Path marker;

  @Override
  public void init(String url) {
    Path file = fileOf(url);
    marker = file == null ? null : Path.of(file + SUFFIX);
  }

  @Override
  public void opened() {
    Path m = marker;
    if (m == null) {
      return;
    }
    try {
      Path tmp = Path.of(m + ".tmp");
      Files.writeString(tmp, Long.toString(System.currentTimeMillis()), StandardCharsets.US_ASCII);
      Files.move(tmp, m, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Without the marker the journals are kept longer, never dropped early.
    }
  }

  /** When the database at {@code url} was last opened from disk, or 0 when unknown. */
  static long lastOpened(String url) {
    Path file = fileOf(url);
    if (file == null) {
      return 0;
    }
    try {
      return Long.parseLong(Files.readString(Path.of(file + SUFFIX), StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** The H2 URL with this listener, for a file database; other URLs unchanged. */
  static String withListener(String url) {
    if (fileOf(url) == null || url.toUpperCase(Locale.ROOT).contains("DATABASE_EVENT_LISTENER")) {
      return url;
    }
    return url + ";DATABASE_EVENT_LISTENER='" + StoreOpened.class.getName() + "'";
  }

  /** The database file's path (without H2's extension) of a {@code jdbc:h2:file:} URL, else null. */
  static Path fileOf(String url) {
    if (url == null) {
      return null;
    }
    String u = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    if (!u.startsWith("h2:file:")) {
      return null;
    }
    String path = u.substring("h2:file:".length());
    int semicolon = path.indexOf(';');
    return Path.of(semicolon < 0 ? path : path.substring(0, semicolon));
  }
}
