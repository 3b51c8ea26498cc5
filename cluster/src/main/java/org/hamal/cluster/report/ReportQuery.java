package org.hamal.cluster.report;

import java.util.Set;

/**
 * A listing of reports, newest first.
 *
 * @param districts only these districts; empty means all
 * @param status only this status, or {@code null} for any
 * @param limit at most this many
 */
public record ReportQuery(Set<String> districts, ReportStatus status, int limit) {

  public ReportQuery {
    districts = Set.copyOf(districts);
  }
}
