package org.hamal.cluster.report;

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

  /**
   * The workflow: forward along new → acknowledged → assigned → en_route → on_site, reassignment
   * back to {@code assigned} while someone is on it, and from any open status to resolved,
   * closed or duplicate; a resolved report may be closed. Staying in the same status (to change
   * the assignee or add a note) is always allowed. Reopening is {@link #isReopening}.
   */
  public boolean canMoveTo(ReportStatus next) {
    if (next == this) {
      return true;
    }
    if (isOpen()) {
      return !next.isOpen() || next.ordinal() > ordinal() || next == ASSIGNED;
    }
    return this == RESOLVED && next == CLOSED || isReopening(next);
  }

  /** Back from resolved or closed to acknowledged: allowed, but only for supervisors. */
  public boolean isReopening(ReportStatus next) {
    return (this == RESOLVED || this == CLOSED) && next == ACKNOWLEDGED;
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
