package org.hamal.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;
import org.hamal.cluster.mode.CallCenterLoad;
import org.hamal.cluster.mode.Mode;
import org.hamal.cluster.mode.ModeAudit;
import org.hamal.cluster.mode.ModePolicy;
import org.hamal.cluster.mode.ModeState;
import org.hamal.cluster.mode.ModeThresholds;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.logs.Audit;

/**
 * The city's mode: {@code GET /api/v1/mode}, a supervisor's {@code PUT /api/v1/mode} and
 * {@code POST /api/v1/mode/release}, the audit log at {@code GET /api/v1/mode/history}, and the
 * telephony system's {@code POST /api/v1/callcenter/load}.
 */
final class ModeHandlers {

  private static final int HISTORY_DEFAULT = 50;
  private static final int HISTORY_MAX = 500;
  private static final int REASON_MAX = 2000;
  private static final Set<String> LOAD_FIELDS =
      Set.of("callsWaiting", "longestWaitSeconds", "agentsAvailable", "abandonedPerMinute");

  private final NodeServices services;

  ModeHandlers(NodeServices services) {
    this.services = services;
  }

  void get(RoutingContext ctx) {
    services.mode().signals()
        .onSuccess(signals -> Bodies.json(ctx, 200, render(services.mode().current(), signals)))
        .onFailure(ctx::fail);
  }

  void set(RoutingContext ctx) {
    JsonObject body = Bodies.jsonObject(ctx);
    onlyFields(body, Set.of("mode", "reason"));
    Object m = body.getValue("mode");
    if (!(m instanceof String wire)) {
      throw ApiError.invalid("missing_field", "mode is required: routine or emergency", "mode");
    }
    Mode mode = Mode.fromWire(wire)
        .orElseThrow(() -> ApiError.invalid("unknown_mode", "mode is routine or emergency", "mode"));
    String reason = reason(body);
    services.mode().setManual(mode, reason, Caller.of(ctx).subject())
        .onSuccess(state -> Audit.log(ctx, "mode.set", new JsonObject().put("mode", mode.wire())))
        .compose(state -> services.mode().signals().map(signals -> render(state, signals)))
        .onSuccess(json -> Bodies.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  void release(RoutingContext ctx) {
    JsonObject body = Bodies.jsonObject(ctx);
    onlyFields(body, Set.of("reason"));
    services.mode().release(reason(body), Caller.of(ctx).subject())
        .onSuccess(state -> Audit.log(ctx, "mode.released", new JsonObject().put("mode", state.mode().wire())))
        .compose(state -> services.mode().signals().map(signals -> render(state, signals)))
        .onSuccess(json -> Bodies.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  void history(RoutingContext ctx) {
    int limit = QueryParams.limit(ctx, HISTORY_DEFAULT, HISTORY_MAX);
    services.mode().history(limit)
        .onSuccess(entries -> {
          JsonArray out = new JsonArray();
          for (ModeAudit a : entries) {
            out.add(new JsonObject()
                .put("at", services.json().format(a.at()))
                .put("mode", a.mode().wire())
                .put("previous", a.previous().wire())
                .put("trigger", a.trigger())
                .put("actor", a.actor())
                .put("reason", a.reason())
                .put("details", a.details() == null ? null : new JsonObject(a.details())));
          }
          Bodies.json(ctx, 200, new JsonObject().put("history", out));
        })
        .onFailure(ctx::fail);
  }

  void callCenterLoad(RoutingContext ctx) {
    JsonObject body = Bodies.jsonObject(ctx);
    onlyFields(body, LOAD_FIELDS);
    CallCenterLoad load = new CallCenterLoad(
        count(body, "callsWaiting"),
        count(body, "longestWaitSeconds"),
        count(body, "agentsAvailable"),
        rate(body, "abandonedPerMinute"),
        Instant.now());
    services.mode().reportCallCenter(load)
        .onSuccess(v -> Bodies.json(ctx, 202, new JsonObject().put("accepted", true)))
        .onFailure(ctx::fail);
  }

  private JsonObject render(ModeState state, ModePolicy.Signals signals) {
    ModeThresholds t = services.mode().thresholds();
    JsonObject callCenter = null;
    if (signals.callCenter() != null) {
      CallCenterLoad c = signals.callCenter();
      callCenter = new JsonObject()
          .put("callsWaiting", c.callsWaiting())
          .put("longestWaitSeconds", c.longestWaitSeconds())
          .put("agentsAvailable", c.agentsAvailable())
          .put("abandonedPerMinute", c.abandonedPerMinute())
          .put("at", services.json().format(c.at()));
    }
    return new JsonObject()
        .put("mode", state.mode().wire())
        .put("level", state.mode().level())
        .put("manual", state.manual())
        .put("trigger", state.trigger())
        .put("actor", state.actor())
        .put("reason", state.reason())
        .put("since", services.json().format(state.since()))
        .put("signals", new JsonObject()
            .put("intakeRate", Math.round(signals.intakeRate() * 10) / 10.0)
            .put("callCenter", callCenter)
            .put("alertedAreas", signals.alertedAreas()))
        .put("thresholds", new JsonObject()
            .put("enterAfterSeconds", t.enterAfterSeconds())
            .put("exitAfterSeconds", t.exitAfterSeconds())
            .put("minDwellSeconds", t.minDwellSeconds())
            .put("intakeRatePerSecond", t.intakeRatePerSecond())
            .put("callsWaiting", t.callsWaiting())
            .put("longestWaitSeconds", t.longestWaitSeconds())
            .put("abandonedPerMinute", t.abandonedPerMinute())
            .put("alertAreas", t.alertAreas())
            .put("alertWindowMinutes", t.alertWindowMinutes()));
  }

  private static String reason(JsonObject body) {
    Object r = body.getValue("reason");
    if (!(r instanceof String reason) || reason.isBlank()) {
      throw ApiError.invalid("missing_field", "a reason is required: it goes in the audit log", "reason");
    }
    if (reason.length() > REASON_MAX) {
      throw ApiError.invalid("too_long", "reason is longer than " + REASON_MAX + " characters", "reason");
    }
    return reason;
  }

  private static int count(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      throw ApiError.invalid("missing_field", field + " is required", field);
    }
    if (!(v instanceof Integer n)) {
      throw ApiError.invalid("invalid_type", field + " must be a whole number", field);
    }
    if (n < 0) {
      throw ApiError.invalid("out_of_range", field + " cannot be negative", field);
    }
    return n;
  }

  private static double rate(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      throw ApiError.invalid("missing_field", field + " is required", field);
    }
    if (!(v instanceof Number n)) {
      throw ApiError.invalid("invalid_type", field + " must be a number", field);
    }
    if (n.doubleValue() < 0 || !Double.isFinite(n.doubleValue())) {
      throw ApiError.invalid("out_of_range", field + " cannot be negative", field);
    }
    return n.doubleValue();
  }

  private static void onlyFields(JsonObject body, Set<String> known) {
    for (String key : body.fieldNames()) {
      if (!known.contains(key)) {
        throw ApiError.invalid("unknown_field", "unknown field " + key, key);
      }
    }
  }
}
