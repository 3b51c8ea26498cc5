package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.report.ReportQuery;
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
    return ReportFilters.query(ctx, caller, services.layer(), limit(ctx));
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
