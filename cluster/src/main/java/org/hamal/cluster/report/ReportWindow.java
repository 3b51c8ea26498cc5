package org.hamal.cluster.report;

import java.time.Instant;
import java.util.List;

/**
 * A listing of reports received within a span, newest first (Open311's {@code GET requests}).
 *
 * @param ids only these ids, or empty for any (then the other filters apply too)
 * @param category only this category, or null for any
 * @param from received at or after this instant
 * @param to received before or at this instant
 * @param open only open reports (true), only finished ones (false), or either (null)
 * @param limit at most this many
 */
public record ReportWindow(List<String> ids, String category, Instant from, Instant to, Boolean open, int limit) {

  public ReportWindow {
    ids = List.copyOf(ids);
  }
}
