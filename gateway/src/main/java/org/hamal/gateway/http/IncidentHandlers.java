package org.hamal.gateway.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportChange;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.incidents.IncidentsVerticle;
import org.hamal.gateway.logs.Audit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents: {@code GET /api/v1/incidents}, {@code GET /api/v1/incidents/{id}} (with its
 * reports), and the operators' {@code POST .../merge} (two incidents are one event) and
 * {@code POST .../split} (some reports are another event). Moving a report is a change of the
 * report like any other: a new version, a history entry, a delta on the streams; the incidents
 * are then recounted from the open reports and announced.
 */
final class IncidentHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentHandlers.class);

  private final NodeServices services;

  IncidentHandlers(NodeServices services) {
    this.services = services;
  }

  void list(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String district = ctx.request().getParam("district");
    String category = ctx.request().getParam("category");
    services.incidents().open(ctx.vertx())
        .onSuccess(all -> {
          JsonArray out = new JsonArray();
          for (JsonObject i : all) {
            List<Object> districts = i.getJsonArray("districts").getList();
            boolean reachable = districts.stream().anyMatch(d -> caller.reaches(String.valueOf(d)));
            if (reachable
                && (district == null || districts.contains(district))
                && (category == null || category.equals(i.getString("category")))) {
              out.add(i);
            }
          }
          Bodies.json(ctx, 200, new JsonObject().put("incidents", out));
        })
        .onFailure(ctx::fail);
  }

  void one(RoutingContext ctx) {
    String id = ReportPaths.uuid(ctx, "id");
    Caller caller = Caller.of(ctx);
    Future<JsonObject> incident = services.incidents().get(ctx.vertx().getOrCreateContext(), id);
    Future<List<Report>> reports = services.reports().byIncident(id);
    Future.all(incident, reports)
        .onSuccess(both -> {
          if (incident.result() == null && reports.result().isEmpty()) {
            ErrorResponses.send(ctx, 404, "not_found", "no incident " + id, null);
            return;
          }
          // Scope applies to every read: an incident none of whose districts is the caller's is
          // not theirs to see, by list or by id.
          JsonObject found = incident.result();
          boolean reachable = reports.result().stream().anyMatch(r -> caller.reaches(r.district()))
              || (found != null && found.getJsonArray("districts").stream().anyMatch(d -> caller.reaches(String.valueOf(d))));
          if (!reachable) {
            ErrorResponses.send(ctx, 403, "district_forbidden", "the incident is outside your districts", null);
            return;
          }
          JsonArray members = new JsonArray();
          for (Report r : reports.result()) {
            if (caller.reaches(r.district())) {
              JsonObject json = services.json().toJson(r);
              members.add(caller.seesPersonalData() ? json : org.hamal.cluster.report.ReportJson.withoutPersonalData(json));
            }
          }
          Bodies.json(ctx, 200, new JsonObject()
              .put("id", id)
              .put("incident", incident.result())
              .put("reports", members));
        })
        .onFailure(ctx::fail);
  }

  /**
   * Merges incident {@code id} into {@code into}: every report of the one moves to the other, in
   * one transaction. Only incidents of one category merge, so that an incident's category always
   * follows from its reports (and survives a restart with them).
   */
  void merge(RoutingContext ctx) {
    String from = ReportPaths.uuid(ctx, "id");
    JsonObject body = Bodies.jsonObject(ctx);
    Object into = body.getValue("into");
    if (!(into instanceof String target)) {
      throw ApiError.invalid("missing_field", "into: the incident to merge into", "into");
    }
    if (target.equals(from)) {
      throw ApiError.invalid("out_of_range", "an incident cannot be merged into itself", "into");
    }
    Caller caller = Caller.of(ctx);
    Context context = ctx.vertx().getOrCreateContext();
    Future<JsonObject> found = services.incidents().get(context, target);
    Future<List<Report>> moving = services.reports().byIncident(from);
    Future.all(found, moving)
        .compose(both -> {
          JsonObject incident = found.result();
          if (incident == null) {
            throw ApiError.invalid("unknown_incident", "no open incident " + target, "into");
          }
          if (moving.result().isEmpty()) {
            throw ApiError.notFound("no incident " + from);
          }
          String category = incident.getString("category");
          for (Report r : moving.result()) {
            if (!r.category().equals(category)) {
              throw ApiError.invalid("category_mismatch", "incident " + from + " is of category " + r.category()
                  + " and " + target + " of " + category + ": only incidents of one category merge", "into");
            }
          }
          return move(context, caller, moving.result(), from, target);
        })
        .compose(moved -> afterCommit(services.incidents().close(ctx.vertx(), from)
            .compose(closed -> closed == null
                ? Future.succeededFuture(0L)
                : services.events().publishIncidents(context, List.of(closed)))
            .compose(v -> IncidentsVerticle.recountAndAnnounce(services, context, from, target)), moved, "merge"))
        // The moved ids let a client undo the merge (split them off again).
        .onSuccess(moved -> Audit.log(ctx, "incident.merged",
            new JsonObject().put("incident", from).put("into", target).put("reports", new JsonArray(moved))))
        .onSuccess(moved -> Bodies.json(ctx, 200, new JsonObject().put("incident", target).put("moved", moved.size())
            .put("reports", new JsonArray(moved))))
        .onFailure(ctx::fail);
  }

  /**
   * Splits reports off incident {@code id} into a new incident of their category, centred on
   * them, in one transaction.
   */
  void split(RoutingContext ctx) {
    String from = ReportPaths.uuid(ctx, "id");
    JsonObject body = Bodies.jsonObject(ctx);
    if (!(body.getValue("reports") instanceof JsonArray ids) || ids.isEmpty()) {
      throw ApiError.invalid("missing_field", "reports: the ids to split off", "reports");
    }
    Set<String> wanted = new HashSet<>();
    ids.forEach(o -> wanted.add(String.valueOf(o)));
    Caller caller = Caller.of(ctx);
    Context context = ctx.vertx().getOrCreateContext();
    Future<JsonObject> source = services.incidents().get(context, from);
    Future<List<Report>> members = services.reports().byIncident(from);
    Future.all(source, members)
        .compose(both -> {
          List<Report> chosen = members.result().stream().filter(r -> wanted.contains(r.id())).toList();
          if (source.result() == null) {
            throw ApiError.notFound("no open incident " + from);
          }
          if (chosen.size() != wanted.size()) {
            throw ApiError.invalid("not_in_incident", "every report must belong to incident " + from, "reports");
          }
          String category = chosen.get(0).category();
          if (chosen.stream().anyMatch(r -> !r.category().equals(category))) {
            throw ApiError.invalid("category_mismatch", "the reports split off must be of one category", "reports");
          }
          // The reports move first; the incident is then described by them, and announced.
          String created = UUID.randomUUID().toString();
          return move(context, caller, chosen, from, created)
              .compose(moved -> afterCommit(services.reports().byIncident(created)
                  .compose(formed -> services.incidents().formedBy(ctx.vertx(), created, formed))
                  .compose(incident -> services.events().publishIncidents(context, List.of(incident)))
                  .compose(v -> IncidentsVerticle.recountAndAnnounce(services, context, from, created)), created, "split"));
        })
        .onSuccess(created -> Audit.log(ctx, "incident.split",
            new JsonObject().put("incident", from).put("into", created).put("reports", new JsonArray(List.copyOf(wanted)))))
        .onSuccess(created -> Bodies.json(ctx, 200, new JsonObject().put("incident", created).put("moved", wanted.size())))
        .onFailure(ctx::fail);
  }

  /**
   * What follows a committed move only tells the cluster and the screens: it may fail without
   * undoing the move (the recount catches up, rebuilding an incident from its reports), so the
   * answer is the committed {@code result} either way.
   */
  private static <T> Future<T> afterCommit(Future<?> announced, T result, String what) {
    return announced.transform(ar -> {
      if (ar.failed()) {
        LOG.warn("A {} was committed but not all of it announced; the recount catches up", what, ar.cause());
      }
      return Future.succeededFuture(result);
    });
  }

  /**
   * Moves reports to another incident in one transaction, all or none: each a new version with a
   * history entry, then announced if open. The caller must reach every report's district before
   * any is moved. Answers the ids of the reports moved.
   */
  private Future<List<String>> move(Context context, Caller caller, List<Report> reports, String from, String target) {
    for (Report r : reports) {
      if (!caller.reaches(r.district())) {
        throw ApiError.forbidden("district_forbidden", "report " + r.id() + " is outside your districts", null);
      }
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ReportChange.Request request = new ReportChange.Request(current -> {
      // Read again under its row lock: a report moved meanwhile is not this move's to make.
      if (!from.equals(current.incident())) {
        throw ApiError.conflict("moved_meanwhile", "report " + current.id() + " left incident " + from
            + " while this was asked; nothing was moved", null);
      }
      return current.inIncident(target, now);
    }, caller.subject(), "moved to incident " + target);
    return services.reports()
        .updateAll(reports.stream().map(Report::id).toList(), request)
        .compose(changes -> {
          List<Future<Long>> announced = new java.util.ArrayList<>();
          List<String> moved = new java.util.ArrayList<>();
          for (ReportChange change : changes) {
            if (change.outcome() != ReportChange.Outcome.APPLIED) {
              continue;
            }
            moved.add(change.after().id());
            if (change.after().status().isOpen()) {
              announced.add(services.events()
                  .publish(context, ReportEvents.Kind.UPDATED, services.json().toJson(change.after()), change.previous()));
            }
          }
          // The move is committed: announcing retries by itself, and its failure does not undo it.
          return Future.join(announced).transform(ar -> Future.succeededFuture(moved));
        });
  }
}
