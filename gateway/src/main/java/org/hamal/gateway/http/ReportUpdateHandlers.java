package org.hamal.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hamal.cluster.alerts.Alert;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.cluster.report.HistoryEntry;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportChange;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.logs.Audit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PATCH /api/v1/reports/{id}} moves a report through its workflow, sets its assignee, adds
 * a note; {@code GET /api/v1/reports/{id}/history} lists every version. A change is checked
 * against the version the client saw ({@code If-Match}, 412 when stale), written with its history
 * entry in one transaction, and then announced to every live stream.
 */
final class ReportUpdateHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ReportUpdateHandlers.class);

  private final NodeServices services;
  private final ChangeValidator validator = new ChangeValidator();

  ReportUpdateHandlers(NodeServices services) {
    this.services = services;
  }

  void patch(RoutingContext ctx) {
    String id = ReportPaths.id(ctx); // ids are stored in lower case
    if (!ReportIds.isWellFormed(id)) {
      throw ApiError.notFound("no report " + id);
    }
    Caller caller = Caller.of(ctx);
    ChangeValidator.Change change =
        validator.validate(Bodies.jsonObject(ctx), ctx.request().getHeader("If-Match"));
    ReportChange.Request request =
        new ReportChange.Request(current -> next(caller, current, change), caller.subject(), change.note());
    services
        .reports()
        .update(id, change.version(), request)
        .onSuccess(result -> answer(ctx, result))
        .onFailure(ctx::fail);
  }

  /** The next version of the report, or a refusal; runs inside the store's transaction. */
  private Report next(Caller caller, Report current, ChangeValidator.Change change) {
    if (!caller.reaches(current.district())) {
      throw ApiError.forbidden("district_forbidden", "the report is outside your districts", null);
    }
    ReportStatus status = change.status() != null ? change.status() : current.status();
    if (!current.status().canMoveTo(status)) {
      throw ApiError.invalid(
          "invalid_transition",
          "a report cannot go from " + current.status().wire() + " to " + status.wire(),
          "status");
    }
    if (current.status().isReopening(status)
        && !(caller.has(Role.SUPERVISOR) || caller.has(Role.ADMIN))) {
      throw ApiError.forbidden("reopen_forbidden", "only a supervisor may reopen a report", "status");
    }
    String assignee = change.assigneeGiven() ? change.assignee() : current.assignee();
    if (assignee != null && !assignee.equals(current.assignee()) && !assignee.equals(caller.subject())
        && !change.duringAlert()) {
      refuseDispatchUnderAlert(current);
    }
    return current.changed(status, assignee, Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * People in an alerted area are in shelters: sending someone there is a decision a dispatcher
   * confirms ({@code duringAlert}), never a side effect. A patroller taking a report themselves
   * decides for themselves.
   */
  private void refuseDispatchUnderAlert(Report report) {
    List<Alert> over = services.alerts().activeCovering(report.lon(), report.lat());
    if (!over.isEmpty()) {
      Alert alert = over.get(0);
      throw ApiError.conflict("area_alerted",
          "the report lies in an area under a " + alert.threat() + " alert (" + alert.id()
              + ") until its all-clear; send \"duringAlert\": true to assign it all the same",
          "assignee");
    }
  }

  private void answer(RoutingContext ctx, ReportChange result) {
    switch (result.outcome()) {
      case NOT_FOUND -> ErrorResponses.send(ctx, 404, "not_found", "no such report", null);
      case STALE -> {
        ctx.response().putHeader("ETag", etag(result.before()));
        ErrorResponses.send(
            ctx,
            412,
            "version_conflict",
            "the report changed since version you saw; it is now version " + result.before().version(),
            "If-Match");
      }
      case APPLIED -> {
        Report after = result.after();
        JsonObject json = services.json().toJson(after);
        ctx.response().putHeader("ETag", etag(after));
        Bodies.json(ctx, 200, render(Caller.of(ctx), json));
        Audit.log(ctx, "report.changed", new JsonObject()
            .put("report", after.id()).put("version", after.version())
            .put("status", after.status().wire()).put("assignee", after.assignee()));
        JsonObject previous = result.previous();
        ReportEvents.Kind kind = after.status().isOpen() ? ReportEvents.Kind.UPDATED : ReportEvents.Kind.CLOSED;
        services
            .events()
            .publish(ctx.vertx().getOrCreateContext(), kind, json, previous)
            .onFailure(err -> LOG.warn("Change of {} stored but not announced", after.id(), err));
      }
    }
  }

  void history(RoutingContext ctx) {
    String id = ReportPaths.id(ctx); // ids are stored in lower case
    if (!ReportIds.isWellFormed(id)) {
      throw ApiError.notFound("no report " + id);
    }
    Caller caller = Caller.of(ctx);
    services
        .reports()
        .find(id)
        .compose(
            found -> {
              Report report = found.orElseThrow(() -> ApiError.notFound("no report " + id));
              if (!caller.reaches(report.district())) {
                throw ApiError.forbidden("district_forbidden", "the report is outside your districts", null);
              }
              return services.reports().history(report).map(entries -> renderHistory(caller, report, entries));
            })
        .onSuccess(answer -> Bodies.json(ctx, 200, answer))
        .onFailure(ctx::fail);
  }

  /**
   * Version 1 names who filed the report (a key's {@code key:<name>}, a call-taker) and its
   * channel; a display is told the channel alone, as it is never told who is behind a report.
   */
  private JsonObject renderHistory(Caller caller, Report report, List<HistoryEntry> entries) {
    JsonArray history = new JsonArray();
    String submittedBy = null;
    for (HistoryEntry e : entries) {
      String actor = e.actor();
      if (e.version() == 1) {
        submittedBy = actor;
        actor = caller.seesPersonalData() ? actor : HistoryEntry.channelActor(report.channel());
      }
      JsonObject entry = new JsonObject()
          .put("version", e.version())
          .put("at", services.json().format(e.at()))
          .put("actor", actor)
          .put("status", e.status().wire())
          .put("assignee", e.assignee())
          .put("note", e.note());
      if (e.version() == 1) {
        entry.put("channel", report.channel());
      }
      history.add(entry);
    }
    JsonObject answer = new JsonObject().put("id", report.id());
    if (caller.seesPersonalData()) {
      answer.put("submittedBy", submittedBy);
    }
    return answer.put("history", history);
  }

  static String etag(Report report) {
    return "\"" + report.version() + "\"";
  }

  private static JsonObject render(Caller caller, JsonObject json) {
    return caller.seesPersonalData() ? json : org.hamal.cluster.report.ReportJson.withoutPersonalData(json);
  }
}
