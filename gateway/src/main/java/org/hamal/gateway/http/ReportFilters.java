package org.hamal.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hamal.cluster.report.ReportQuery;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.gateway.CurrentLayer;
import org.hamal.gateway.auth.Caller;

/**
 * The filters of a report listing ({@code district}, {@code status}), read the same way by
 * {@code GET /api/v1/reports} and its exports. A confined caller (a patroller) gets their own
 * districts when they name none, and a 403 for a district that is not theirs.
 */
final class ReportFilters {

  private ReportFilters() {}

  static ReportQuery query(RoutingContext ctx, Caller caller, CurrentLayer layer, int limit) {
    Set<String> districts = new LinkedHashSet<>();
    for (String value : ctx.queryParam("district")) {
      for (String d : value.split(",")) {
        if (!d.isBlank()) {
          districts.add(d.trim());
        }
      }
    }
    for (String d : districts) {
      if (layer.layer().district(d).isEmpty()) {
        throw ApiError.invalid("unknown_district", "no district " + d, "district");
      }
      if (!caller.reaches(d)) {
        throw ApiError.forbidden("district_forbidden", "district " + d + " is not yours", "district");
      }
    }
    if (districts.isEmpty() && caller.isConfinedToDistricts()) {
      if (caller.districts().isEmpty()) {
        // An empty filter means "all districts": never let a confined caller reach that.
        throw ApiError.forbidden("district_forbidden", "your token names no districts", "district");
      }
      districts.addAll(caller.districts());
    }
    ReportStatus status = null;
    String statusParam = ctx.request().getParam("status");
    if (statusParam != null) {
      status =
          ReportStatus.fromWire(statusParam)
              .orElseThrow(
                  () -> ApiError.invalid("unknown_status", "no status " + statusParam, "status"));
    }
    return new ReportQuery(districts, status, limit);
  }
}
