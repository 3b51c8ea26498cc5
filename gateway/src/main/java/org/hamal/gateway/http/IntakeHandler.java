package org.hamal.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.hamal.cluster.Addresses;
import org.hamal.cluster.Report;
import org.hamal.cluster.ReportIds;
import org.hamal.cluster.ReportStatus;
import org.hamal.gateway.NodeServices;
import org.hamal.geo.Layer;
import org.hamal.geo.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/reports}: validate, locate, store durably, then acknowledge and announce.
 * The 201 is sent only after the store has committed the report; the cluster map and the live
 * streams are updated after that, and a failure there never un-acknowledges a stored report.
 */
final class IntakeHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeHandler.class);

  private final NodeServices services;
  private final ReportValidator validator;

  IntakeHandler(NodeServices services) {
    this.services = services;
    this.validator = new ReportValidator(services.config().reports());
  }

  @Override
  public void handle(RoutingContext ctx) {
    NewReport request = validator.validate(Bodies.jsonObject(ctx));
    Report report = locate(request);
    services
        .store()
        .insert(report)
        .onSuccess(stored -> acknowledge(ctx, stored))
        .onFailure(err -> storeFailed(ctx, err));
  }

  private Report locate(NewReport request) {
    Layer layer = services.layer().layer();
    Location where = layer.locate(request.lon(), request.lat());
    if (!where.found()) {
      throw ApiError.invalid(
          "outside_service_area",
          "the location is outside every district of the service area",
          "location");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new Report(
        ReportIds.next(now.toEpochMilli()),
        where.district().id(),
        new Report.Routing(layer.version(), where.snapped(), where.distanceMeters()),
        request.category(),
        ReportStatus.NEW,
        request.description(),
        request.lon(),
        request.lat(),
        request.reporter(),
        request.channel(),
        now,
        1);
  }

  private void acknowledge(RoutingContext ctx, Report stored) {
    JsonObject json = services.json().toJson(stored);
    ctx.response().putHeader("Location", "/api/v1/reports/" + stored.id());
    Bodies.json(ctx, 201, json);
    services
        .openReports()
        .update(ctx.vertx().getOrCreateContext(), stored.id(), json, true)
        .onFailure(err -> LOG.warn("Report {} stored but not put in the cluster map", stored.id(), err));
    ctx.vertx().eventBus().publish(Addresses.REPORT_CREATED, json);
  }

  private static void storeFailed(RoutingContext ctx, Throwable err) {
    LOG.error("Store failed; report not acknowledged", err);
    ctx.response().putHeader("Retry-After", "1");
    ErrorResponses.send(
        ctx, 503, "store_unavailable", "the report was not stored; please retry", null);
  }
}
