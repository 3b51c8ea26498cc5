package org.hamal.cluster.mode;

import java.util.Locale;
import java.util.Optional;

/**
 * The city's operating mode, agreed by every node. Levels leave room between the two in use
 * (national readiness levels could be added as ELEVATED and so on).
 */
public enum Mode {
  ROUTINE(0),
  EMERGENCY(2);

  private final int level;

  Mode(int level) {
    this.level = level;
  }

  public int level() {
    return level;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Mode> fromWire(String value) {
    for (Mode m : values()) {
      if (m.wire().equalsIgnoreCase(value) || m.name().equals(value)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
