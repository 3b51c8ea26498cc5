package org.hamal.cluster.report;

import java.util.function.UnaryOperator;

/**
 * The outcome of changing a report.
 *
 * @param outcome what happened
 * @param before the report as it was (null when not found)
 * @param after the report as it is now (null unless applied)
 */
public record ReportChange(Outcome outcome, Report before, Report after) {

  public enum Outcome {
    APPLIED,
    NOT_FOUND,
    /** The client's expected version is not the current one: nothing was changed. */
    STALE
  }

  /**
   * What a change event says the report was before it (status, version, deferral): screens
   * use it to tell a report leaving their filter, or a deferred one coming back.
   */
  public io.vertx.core.json.JsonObject previous() {
    return new io.vertx.core.json.JsonObject()
        .put("status", before.status().wire())
        .put("version", before.version())
        .put("deferred", before.deferred());
  }

  public static ReportChange notFound() {
    return new ReportChange(Outcome.NOT_FOUND, null, null);
  }

  public static ReportChange stale(Report current) {
    return new ReportChange(Outcome.STALE, current, null);
  }

  public static ReportChange applied(Report before, Report after) {
    return new ReportChange(Outcome.APPLIED, before, after);
  }

  /**
   * What a caller asks for: the next version computed from the current one (throwing to refuse,
   * e.g. an impossible transition), who asks, and a note for the history.
   */
  public record Request(UnaryOperator<Report> change, String actor, String note) {

    public Report apply(Report current) {
      return change.apply(current);
    }
  }
}
