package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hamal.cluster.alerts.Alert;
import org.hamal.cluster.alerts.AlertRepository;
import org.hamal.cluster.report.ReportIds;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.alerts.AlertJson;
import org.hamal.gateway.alerts.ConcernedPatrollers;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.logs.Audit;
import org.hamal.geo.alerts.AlertArea;
import org.hamal.geo.alerts.AlertAreas;

/**
 * Rocket alerts (docs/alerts.md): the relay's {@code POST /api/v1/alerts}, the listings, the
 * all-clear and a patroller's "I am safe".
 */
final class AlertHandlers {

  static final String ALERTS = "/api/v1/alerts";

  private final NodeServices services;
  private final AlertValidator validator;

  AlertHandlers(NodeServices services) {
    this.services = services;
    this.validator = new AlertValidator(services.config().alerts());
  }

  void create(RoutingContext ctx) {
    AlertAreas areas = services.alertAreas().current();
    AlertValidator.NewAlert relayed = validator.validate(Bodies.jsonObject(ctx), areas);
    services.alerts().create(candidate(relayed, areas, Caller.of(ctx).subject()))
        .onSuccess(saved -> {
          if (saved.outcome() == AlertRepository.Outcome.CREATED) {
            Audit.log(ctx, "alert.created", new JsonObject().put("alert", saved.alert().id())
                .put("sourceId", saved.alert().sourceId()).put("threat", saved.alert().threat()));
          }
          answer(ctx, saved.outcome() == AlertRepository.Outcome.CREATED ? 201 : 200, saved.alert());
        })
        .onFailure(ctx::fail);
  }

  /** A new alert from now, with the districts its areas overlap and the patrollers on duty there. */
  private Alert candidate(AlertValidator.NewAlert relayed, AlertAreas areas, String actor) {
    long now = System.currentTimeMillis();
    Set<String> areaIds = new LinkedHashSet<>();
    Set<String> districts = new LinkedHashSet<>();
    List<Alert.Area> named = relayed.areas().stream().map(a -> {
      areaIds.add(a.id());
      districts.addAll(areas.districts(a.id()));
      return area(a);
    }).toList();
    List<Alert.Patroller> concerned =
        ConcernedPatrollers.of(areaIds, districts, areas, services.patrollers().known());
    return new Alert(ReportIds.next(now), relayed.sourceId(), relayed.threat(), Alert.ACTIVE, relayed.staySeconds(),
        named, List.copyOf(districts), now, now + relayed.staySeconds() * 1000L, null, null, actor, concerned, 1);
  }

  private static Alert.Area area(AlertArea a) {
    return new Alert.Area(a.id(), a.nameHe(), a.nameEn(), a.shelterSeconds());
  }

  void list(RoutingContext ctx) {
    int limit = QueryParams.limit(ctx, services.config().alerts().listLimit(), services.config().alerts().listMaxLimit());
    services.alerts().list(limit)
        .onSuccess(all -> Bodies.json(ctx, 200, new JsonObject().put("alerts", AlertJson.list(all, services.json(), Caller.of(ctx)))))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    String id = alertId(ctx);
    services.alerts().find(id)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(noSuchAlert(id));
          } else {
            answer(ctx, 200, found.get());
          }
        })
        .onFailure(ctx::fail);
  }

  void clear(RoutingContext ctx) {
    String id = alertId(ctx);
    services.alerts().clear(id, Caller.of(ctx).subject(), System.currentTimeMillis())
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(noSuchAlert(id));
          } else {
            Audit.log(ctx, "alert.cleared", new JsonObject().put("alert", id));
            answer(ctx, 200, found.get().alert());
          }
        })
        .onFailure(ctx::fail);
  }

  void safe(RoutingContext ctx) {
    AlertValidator.safeBody(ctx);
    String id = alertId(ctx);
    Caller caller = Caller.of(ctx);
    services.alerts().safe(id, caller.subject(), caller.districts().stream().sorted().toList(), System.currentTimeMillis())
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(noSuchAlert(id));
          } else if (found.get() instanceof AlertRepository.Answered answered) {
            Audit.log(ctx, "alert.safe", new JsonObject().put("alert", id));
            answer(ctx, 200, answered.alert());
          } else {
            Alert over = ((AlertRepository.NotActive) found.get()).alert();
            ctx.fail(ApiError.conflict("alert_not_active", "alert " + id + " is " + over.status() + ": no answer is needed", null));
          }
        })
        .onFailure(ctx::fail);
  }

  private void answer(RoutingContext ctx, int status, Alert alert) {
    Bodies.json(ctx, status, AlertJson.of(alert, services.json(), Caller.of(ctx)));
  }

  /** The path's alert id, a UUID like a report's, checked before any lookup (a NUL must not reach the store). */
  private static String alertId(RoutingContext ctx) {
    return ReportPaths.uuid(ctx, "id");
  }

  private static ApiError noSuchAlert(String id) {
    return ApiError.notFound("no alert " + id);
  }
}
