package org.hamal.cluster;

import java.util.Locale;

/**
 * The intake journal ({@link IntakeJournal}): a node's own record of the reports it acknowledged
 * lately, for a store that can lose the last commits when its host process is killed.
 *
 * @param mode {@code auto} (on for H2 shared by several processes: {@code AUTO_SERVER=TRUE}),
 *     {@code on} or {@code off}
 * @param dir where the nodes of one machine keep their journals (null: the data directory's
 *     {@code journal}, filled in by the configuration)
 * @param rollSeconds how often a node starts a new journal file; a finished file is deleted once
 *     the store has been opened from disk after it and holds all of it
 */
public record JournalOptions(String mode, String dir, int rollSeconds) {

  public JournalOptions {
    if (mode == null || !(mode.equals("auto") || mode.equals("on") || mode.equals("off"))) {
      throw new IllegalArgumentException("store.journal.mode is auto, on or off");
    }
    if (rollSeconds < 1) {
      throw new IllegalArgumentException("store.journal.rollSeconds is at least 1");
    }
  }

  /** Whether a store at this URL keeps a journal. */
  public boolean enabledFor(String url) {
    return switch (mode) {
      case "on" -> true;
      case "off" -> false;
      default -> url != null
          && url.startsWith("jdbc:h2:file:")
          && url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE");
    };
  }

  public JournalOptions withDir(String dir) {
    return new JournalOptions(mode, dir, rollSeconds);
  }
}
