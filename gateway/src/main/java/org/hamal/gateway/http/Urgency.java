package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import org.hamal.cluster.alerts.Alert;
import org.hamal.cluster.report.Report;
import org.hamal.gateway.NodeServices;

/**
 * A new report's priority — the triage's, raised where the sirens sound — and whether it is life
 * safety. One decision for every limit that spares life safety (a caller's rate, a key's rate, a
 * saturated node), for single reports, batches and Open311 alike (docs/security.md).
 */
final class Urgency {

  private final NodeServices services;

  Urgency(NodeServices services) {
    this.services = services;
  }

  /**
   * The active alert whose area holds the point, or null; of several, the one that holds longest:
   * the report's clock must not start while people there still shelter under another.
   */
  Report.AlertMark alertOver(double lon, double lat) {
    return services.alerts().activeCovering(lon, lat).stream()
        .max(Comparator.comparingLong(Alert::endsAt))
        .map(a -> new Report.AlertMark(a.id(), a.threat()))
        .orElse(null);
  }

  /** The priority of a report the triage ranked {@code triaged}, arriving under {@code alert} (or none). */
  int priority(int triaged, Report.AlertMark alert) {
    return alert == null ? triaged
        : Math.min(Report.MAX_PRIORITY, triaged + services.config().alerts().priorityStep());
  }

  boolean isLifeSafety(int priority) {
    return priority >= services.config().admission().lifeSafetyPriority();
  }

  /**
   * Whether the report a request body asks for would be life safety, for a limit checked before
   * the body is validated: from its category, description and location as far as they are there.
   * A body that names no category is not (it will be refused anyway).
   */
  boolean isLifeSafety(JsonObject body) {
    if (body == null || !(body.getValue("category") instanceof String category)) {
      return false;
    }
    String description = body.getValue("description") instanceof String d ? d : null;
    Report.AlertMark alert = body.getValue("location") instanceof JsonObject at
            && at.getValue("lon") instanceof Number lon && at.getValue("lat") instanceof Number lat
        ? alertOver(lon.doubleValue(), lat.doubleValue())
        : null;
    return isLifeSafety(priority(services.triage().decide(category, description).priority(), alert));
  }
}
