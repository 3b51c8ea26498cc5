package org.hamal.cluster.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Test reports. */
public final class Reports {

  private Reports() {}

  /** A submission with no key or client id, as most intake is. */
  public static Submission submission(Report report) {
    return new Submission(report, null, "hash-" + report.id(), false, null);
  }

  public static Report sample(String district, Instant receivedAt) {
    return sample(district, receivedAt, ReportIds.next(receivedAt.toEpochMilli()));
  }

  public static Report sample(String district, Instant receivedAt, String id) {
    Instant at = receivedAt.truncatedTo(ChronoUnit.MILLIS);
    return new Report(
        id,
        district,
        new Report.Routing("abc123", false, 0),
        "hazard",
        3,
        ReportStatus.NEW,
        null,
        "עמוד חשמל נפל על המדרכה",
        34.5712,
        31.6688,
        new Report.Reporter("Dana Levi", "050-1234567"),
        "web",
        at,
        at,
        1,
        false,
        null,
        null);
  }

  /** {@code r} as if it had arrived in an alerted area. */
  public static Report underAlert(Report r, String alertId) {
    return new Report(r.id(), r.district(), r.routing(), r.category(), r.priority(), r.status(), r.assignee(),
        r.description(), r.lon(), r.lat(), r.reporter(), r.channel(), r.receivedAt(), r.updatedAt(), r.version(),
        r.deferred(), r.incident(), new Report.AlertMark(alertId, "rockets"));
  }
}
