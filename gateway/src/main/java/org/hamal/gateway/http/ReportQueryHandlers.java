package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.report.ReportQuery;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;

/**
 * {@code GET /api/v1/reports/{id}} and {@code GET /api/v1/reports}. A patroller sees only their
 * districts; a display never sees personal data.
 */
final class ReportQueryHandlers {

  private final NodeServices services;

  ReportQueryHandlers(NodeServices services) {
    this.services = services;
  }

  void one(RoutingContext ctx) {
    String id = ReportPaths.id(ctx); // ids are stored in lower case
    if (!ReportIds.isWellFormed(id)) {
      throw ApiError.notFound("no report " + id);
    }
    Caller caller = Caller.of(ctx);
    services
        .reports()
        .find(id)
        .onSuccess(
            found -> {
              Report report = found.orElse(null);
              if (report == null) {
                ErrorResponses.send(ctx, 404, "not_found", "no report " + id, null);
              } else if (!caller.reaches(report.district())) {
                ErrorResponses.send(
                    ctx, 403, "district_forbidden", "the report is outside your districts", null);
              } else {
                withSubmitter(caller, report, render(caller, report))
                    .onSuccess(json -> {
                      ctx.response().putHeader("ETag", ReportUpdateHandlers.etag(report));
                      Bodies.json(ctx, 200, json);
                    })
                    .onFailure(ctx::fail);
              }
            })
        .onFailure(ctx::fail);
  }

  /**
   * One report read by id names who filed it ({@code submittedBy}: a key's {@code key:<name>}, a
   * call-taker; null for reports filed before it was recorded), except to a display. Lists do not:
   * it is a query of its own.
   */
  private Future<JsonObject> withSubmitter(Caller caller, Report report, JsonObject json) {
    if (!caller.seesPersonalData()) {
      return Future.succeededFuture(json);
    }
    return services.reports().submittedBy(report.id()).map(by -> json.put("submittedBy", by.orElse(null)));
  }

  void list(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    ReportQuery query = query(ctx, caller);
    services
        .reports()
        .list(query)
        .onSuccess(
            reports -> {
              JsonArray items = new JsonArray();
              reports.forEach(r -> items.add(render(caller, r)));
              Bodies.json(ctx, 200, new JsonObject().put("reports", items));
            })
        .onFailure(ctx::fail);
  }

  private ReportQuery query(RoutingContext ctx, Caller caller) {
    Set<String> districts = new LinkedHashSet<>();
    for (String value : ctx.queryParam("district")) {
      for (String d : value.split(",")) {
        if (!d.isBlank()) {
          districts.add(d.trim());
        }
      }
    }
    for (String d : districts) {
      if (services.layer().layer().district(d).isEmpty()) {
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
    return new ReportQuery(districts, status, limit(ctx));
  }

  private int limit(RoutingContext ctx) {
    var reports = services.config().reports();
    return QueryParams.limit(ctx, reports.listDefaultLimit(), reports.listMaxLimit());
  }

  private JsonObject render(Caller caller, Report report) {
    JsonObject json = services.json().toJson(report);
    return caller.seesPersonalData() ? json : ReportJson.withoutPersonalData(json);
  }
}
