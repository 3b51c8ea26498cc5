package org.hamal.cluster.report;

import java.time.Instant;

/**
 * One version of a report: who brought it to which status and assignee, when, and why.
 *
 * @param actor the token subject that made the change; for version 1 the subject that filed it
 *     (or {@code intake:<channel>} for reports filed before submitters were recorded)
 */
public record HistoryEntry(
    int version, Instant at, String actor, ReportStatus status, String assignee, String note) {

  /** The entry of a change that made {@code next}. */
  public static HistoryEntry of(Report next, String actor, String note) {
    return new HistoryEntry(next.version(), next.updatedAt(), actor, next.status(), next.assignee(), note);
  }

  /** Version 1's actor when who filed it is not known (or not shown): its channel. */
  public static String channelActor(String channel) {
    return "intake:" + channel;
  }

  /**
   * Version 1: the report as it arrived, filed by {@code submittedBy} (a key's {@code key:<name>},
   * a call-taker's subject); null for reports stored before it was recorded, named by their channel.
   */
  public static HistoryEntry creation(Report r, String submittedBy) {
    String actor = submittedBy != null ? submittedBy : channelActor(r.channel());
    return new HistoryEntry(1, r.receivedAt(), actor, ReportStatus.NEW, null, null);
  }
}
