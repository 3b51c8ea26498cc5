package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import org.hamal.cluster.report.ReportQuery;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.exports.CapAlerts;
import org.hamal.gateway.exports.CsvFormat;
import org.hamal.gateway.exports.ExportsConfig;
import org.hamal.gateway.exports.GeoJsonFormat;
import org.hamal.gateway.exports.ReportColumns;
import org.hamal.gateway.exports.ReportFormat;
import org.hamal.gateway.exports.ReportStream;

/**
 * Exports: {@code GET /api/v1/reports.geojson} and {@code .csv} (the listing's filters and
 * scope, every matching report, streamed), {@code GET /api/v1/incidents.cap} (an Atom feed of
 * the alerting incidents' CAP 1.2 alerts) and {@code GET /api/v1/incidents/{id}.cap} (one).
 */
final class ExportHandlers {

  /** The download's name: the city's local time it was taken. */
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmm");
  private static final String CAP_TYPE = "application/cap+xml; charset=utf-8";
  private static final String ATOM_TYPE = "application/atom+xml; charset=utf-8";

  private final NodeServices services;
  private final ExportsConfig config;
  private final CapAlerts alerts;

  ExportHandlers(NodeServices services) {
    this.services = services;
    this.config = services.config().exports();
    this.alerts = new CapAlerts(
        config.cap(),
        services.config().zone(),
        services.config().incidents().radiusMeters(),
        services.config().reports().categoryNames(),
        id -> services.layer().layer().district(id)
            .map(d -> new ExportsConfig.Names(d.nameHe(), d.nameEn()))
            .orElse(null));
  }

  void geoJson(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    reports(ctx, caller, new GeoJsonFormat(columns(caller)));
  }

  void csv(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    reports(ctx, caller, new CsvFormat(columns(caller)));
  }

  private void reports(RoutingContext ctx, Caller caller, ReportFormat format) {
    // The listing's filters and scope; its limit is not read: an export has every match.
    ReportQuery query = ReportFilters.query(ctx, caller, services.layer(), config.pageSize());
    String name = "hamal-reports-" + FILE_TIME.format(Instant.now().atZone(services.config().zone()));
    ReportStream.send(ctx, services.reports(), query, config.pageSize(), format, name);
  }

  private ReportColumns columns(Caller caller) {
    return new ReportColumns(services.json(), services.config().reports().categoryNames(), caller.seesPersonalData());
  }

  void capFeed(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    services.incidents().open(ctx.vertx())
        .onSuccess(open -> {
          List<JsonObject> alerting = open.stream()
              .filter(alerts::alerting)
              .filter(i -> reaches(caller, i))
              .sorted(Comparator.comparingInt((JsonObject i) -> -i.getInteger("priority"))
                  .thenComparing(i -> -i.getLong("lastAt")))
              .toList();
          String self = ctx.request().absoluteURI();
          String base = self.substring(0, self.indexOf("/api/v1/incidents.cap"));
          String feed = alerts.feed(alerting, self, id -> base + "/api/v1/incidents/" + id + ".cap", Instant.now());
          xml(ctx, ATOM_TYPE, feed);
        })
        .onFailure(ctx::fail);
  }

  void capOne(RoutingContext ctx) {
    String id = ReportPaths.uuid(ctx, "id");
    Caller caller = Caller.of(ctx);
    services.incidents().get(ctx.vertx().getOrCreateContext(), id)
        .onSuccess(incident -> {
          if (incident == null || !alerts.alerting(incident)) {
            ErrorResponses.send(ctx, 404, "not_found", "no alerting incident " + id
                + " (open, of priority " + config.cap().minPriority() + " or higher)", null);
          } else if (!reaches(caller, incident)) {
            ErrorResponses.send(ctx, 403, "district_forbidden", "the incident is outside your districts", null);
          } else {
            xml(ctx, CAP_TYPE, alerts.alert(incident));
          }
        })
        .onFailure(ctx::fail);
  }

  /** As for incidents on the API: an incident one of whose districts is the caller's. */
  private static boolean reaches(Caller caller, JsonObject incident) {
    return incident.getJsonArray("districts").stream().anyMatch(d -> caller.reaches(String.valueOf(d)));
  }

  private static void xml(RoutingContext ctx, String type, String body) {
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", type)
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }
}
