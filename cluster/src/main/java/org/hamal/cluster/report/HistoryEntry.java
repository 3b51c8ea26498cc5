package org.hamal.cluster.report;

import java.time.Instant;

/**
 * One version of a report: who brought it to which status and assignee, when, and why.
 *
 * @param actor the token subject that made the change; for version 1 the intake channel
 */
public record HistoryEntry(
    int version, Instant at, String actor, ReportStatus status, String assignee, String note) {

  /** The entry of a change that made {@code next}. */
  public static HistoryEntry of(Report next, String actor, String note) {
    return new HistoryEntry(next.version(), next.updatedAt(), actor, next.status(), next.assignee(), note);
  }

  /** Version 1: the report as it arrived. */
  public static HistoryEntry creation(Report r) {
    return new HistoryEntry(1, r.receivedAt(), "intake:" + r.channel(), ReportStatus.NEW, null, null);
  }
}
