package org.hamal.cluster;

import java.util.Locale;
import java.util.Optional;

/** Where a report stands. The wire form is the lower-case name, e.g. {@code en_route}. */
public enum ReportStatus {
  NEW,
  ACKNOWLEDGED,
  ASSIGNED,
  EN_ROUTE,
  ON_SITE,
  RESOLVED,
  CLOSED,
  DUPLICATE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True while somebody still has to act on the report. */
  public boolean isOpen() {
    return this != RESOLVED && this != CLOSED && this != DUPLICATE;
  }

  public static Optional<ReportStatus> fromWire(String value) {
    for (ReportStatus s : values()) {
      if (s.wire().equals(value)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
