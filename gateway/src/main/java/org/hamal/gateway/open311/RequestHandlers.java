package org.hamal.gateway.open311;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportMedia;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.http.Intake;
import org.hamal.gateway.http.MediaHandlers;

/**
 * {@code GET requests}, {@code GET requests/{id}} and {@code GET tokens/{token}}: public, as
 * the specification has them, and never with personal data ({@link RequestView}).
 */
final class RequestHandlers {

  private final NodeServices services;
  private final Intake intake;
  private final RequestView view;

  RequestHandlers(NodeServices services, Intake intake, RequestView view) {
    this.services = services;
    this.intake = intake;
    this.view = view;
  }

  void list(RoutingContext ctx) {
    var window = RequestQuery.of(ctx, services.config().open311(), Instant.now());
    send(ctx, services.reports().within(window).compose(reports -> withDetails(ctx, reports)));
  }

  void one(RoutingContext ctx) {
    String id = existingId(ctx.pathParam("id"));
    send(ctx, services.reports().find(id).compose(found -> withDetails(ctx,
        List.of(found.orElseThrow(() -> Open311Errors.notFound("no request " + id))))));
  }

  /** The requests of {@code reports}, with their latest notes and first photos (a query each). */
  private Future<JsonArray> withDetails(RoutingContext ctx, List<Report> reports) {
    List<String> ids = reports.stream().map(Report::id).toList();
    return Future.all(services.reports().latestNotes(ids), services.store().media().firstOf(ids))
        .map(both -> {
          Map<String, String> notes = both.resultAt(0);
          List<ReportMedia> media = both.resultAt(1);
          String base = BaseUrl.of(ctx, services.config().http());
          Map<String, String> urls = new HashMap<>();
          media.forEach(m -> urls.put(m.reportId(), base + MediaHandlers.url(m)));
          return render(ctx, reports, notes, urls);
        });
  }

  private static void send(RoutingContext ctx, Future<JsonArray> requests) {
    requests
        .onSuccess(items -> Format.of(ctx).send(ctx, 200, items, "service_requests", "request"))
        .onFailure(ctx::fail);
  }

  /**
   * A token is what a POST answered when it could not yet name its request; Hamal stores before
   * answering, so its requests' ids are their tokens: the token of a stored request is its id.
   */
  void token(RoutingContext ctx) {
    String id = existingId(ctx.pathParam("token"));
    services.reports().find(id)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(Open311Errors.notFound("no request for token " + id));
            return;
          }
          JsonObject item = new JsonObject().put("service_request_id", id).put("token", id);
          Format.of(ctx).send(ctx, 200, new JsonArray().add(item), "service_requests", "request");
        })
        .onFailure(ctx::fail);
  }

  private static String existingId(String param) {
    String id = param.toLowerCase(Locale.ROOT);
    if (!ReportIds.isWellFormed(id)) {
      throw Open311Errors.notFound("no request " + param);
    }
    return id;
  }

  private JsonArray render(RoutingContext ctx, List<Report> reports, Map<String, String> notes, Map<String, String> media) {
    Language language = Language.of(ctx);
    var layer = services.layer().layer();
    var places = services.places().current().nearest();
    JsonArray items = new JsonArray();
    for (Report r : reports) {
      JsonObject notice = intake.notice(r);
      String noticeText = notice == null ? null : language.pick(notice.getString("he"), notice.getString("en"));
      items.add(view.render(r, layer, places, language, notes.get(r.id()), noticeText, media.get(r.id())));
    }
    return items;
  }
}
