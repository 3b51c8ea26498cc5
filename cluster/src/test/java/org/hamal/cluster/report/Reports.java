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
        null);
  }
}
