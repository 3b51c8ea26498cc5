package org.hamal.gateway.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.mode.Mode;
import org.hamal.cluster.report.Receipt;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.cluster.report.Sha256;
import org.hamal.cluster.report.Submission;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.incidents.IncidentAnnouncer;
import org.hamal.gateway.logs.Audit;
import org.hamal.gateway.mode.AdmissionConfig;
import org.hamal.gateway.mode.EmergencyConfig;
import org.hamal.gateway.triage.Triage;
import org.hamal.geo.Layer;
import org.hamal.geo.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What single and batch intake share: turning a request body into a {@link Submission}
 * (validate, locate, identify the request), and announcing a stored report (cluster map, live
 * streams). Both run on the caller's event loop and never block.
 */
public final class Intake {

  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

  /** An idempotency key: 1 to 200 visible ASCII characters. */
  private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,200}");

  private final NodeServices services;
  private final ReportValidator validator;
  private final Urgency urgency;
  private final IncidentAnnouncer incidents;
  /** Created reports waiting for the end of this event-loop task to be announced. */
  private List<Created> created = new ArrayList<>();

  private record Created(OpenReports.Entry report, JsonObject incident) {}

  /** One per server verticle: it announces incidents from that verticle's event loop. */
  public Intake(NodeServices services) {
    this.services = services;
    this.validator = new ReportValidator(services.config().reports());
    this.urgency = new Urgency(services);
    this.incidents = new IncidentAnnouncer(services.events(), services.config().incidents().announceMillis());
  }

  /** Checks an idempotency key's form; null stays null. */
  public static String checkKey(String key, String field) {
    if (key != null && !KEY.matcher(key).matches()) {
      throw ApiError.malformed(
          "invalid_idempotency_key", "an idempotency key is 1 to 200 visible ASCII characters", field);
    }
    return key;
  }

  /**
   * Validates and locates one report request.
   *
   * @param key the request's idempotency key (already checked), or null
   */
  public Submission prepare(JsonObject body, Caller caller, String key) {
    NewReport request = validator.validate(body);
    Layer layer = services.layer().layer();
    Location where = layer.locate(request.lon(), request.lat());
    if (!where.found()) {
      throw ApiError.invalid(
          "outside_service_area",
          "the location is outside every district of the service area",
          "location");
    }
    Triage.Decision triage = services.triage().decide(request.category(), request.description());
    // Arriving where the sirens sound: more urgent, and its response time waits for the all-clear.
    Report.AlertMark alert = urgency.alertOver(request.lon(), request.lat());
    int priority = urgency.priority(triage.priority(), alert);
    // After the checks of the report itself: a refused report spends none of a key's rate. A
    // life-safety report (the alert's raise included) is never refused for a key's rate
    // (docs/security.md).
    withinKeyLimits(caller, request, urgency.isLifeSafety(priority));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // Keys are scoped to the caller, so two intake systems can never collide; a keyed report's
    // id is its key's, so that no two attempts under one key can be answered with two ids.
    String scopedKey = key == null ? null : Submission.scopedKey(caller.subject(), key);
    String id = request.id() != null ? request.id()
        : scopedKey != null ? ReportIds.forKey(scopedKey)
        : ReportIds.next(now.toEpochMilli());
    // In an emergency what can wait is stored, answered, and left for after it.
    boolean deferred = triage.deferrable() && services.mode().current().mode() == Mode.EMERGENCY;
    Report report =
        new Report(
            id,
            where.district().id(),
            new Report.Routing(layer.version(), where.snapped(), where.distanceMeters()),
            request.category(),
            priority,
            ReportStatus.NEW,
            null,
            request.description(),
            request.lon(),
            request.lat(),
            request.reporter(),
            request.channel(),
            now,
            now,
            1,
            deferred,
            request.incident(), // the client's hint until grouping places it (group)
            alert);
    // Pressure is what arrives, not what the store has caught up with: an overloaded node
    // must not hide its own overload from the mode decision.
    services.meter().arrived(meteredCaller(caller, request), report.district());
    return new Submission(report, scopedKey, hash(request), request.id() != null, caller.subject());
  }

  /** An API key files only on its channels, and at most at its rate (per node, see KeyRates). */
  private void withinKeyLimits(Caller caller, NewReport request, boolean lifeSafety) {
    if (!caller.limits().allowsChannel(request.channel())) {
      throw ApiError.forbidden("channel_not_allowed",
          "this key may file on " + String.join(", ", caller.limits().channels()) + " only", "channel");
    }
    if (lifeSafety) {
      return;
    }
    services.keyRates().take(caller).ifPresent(seconds -> {
      throw new ApiError(429, "rate_limited",
          "this key files at most " + caller.limits().ratePerMinute() + " reports a minute; retry in " + seconds + " s",
          null, new JsonObject().put(RETRY_AFTER_SECONDS, seconds));
    });
  }

  /** The member of a {@code rate_limited} error saying when to retry (also the Retry-After header). */
  static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

  /** The Retry-After of a refusal for a key's rate, or null for any other refusal. */
  static String retryAfter(ApiError refused) {
    return refused.details() == null || !refused.details().containsKey(RETRY_AFTER_SECONDS)
        ? null
        : String.valueOf(refused.details().getLong(RETRY_AFTER_SECONDS));
  }

  /**
   * Who a report counts against in the intake rate. An intake gateway relays many residents: each
   * reporter is a caller of their own, and one without a phone is not capped at all (null).
   */
  private static String meteredCaller(Caller caller, NewReport request) {
    if (!caller.has(Role.INTAKE)) {
      return String.valueOf(caller.subject());
    }
    String phone = request.reporter() == null ? null : request.reporter().phone();
    return phone == null ? null : "phone:" + phone;
  }

  /**
   * Admission control: a saturated node (too many reports waiting for a commit) refuses what can
   * wait with 429; life-safety reports are always taken.
   */
  public void admit(Submission submission) {
    AdmissionConfig a = services.config().admission();
    if (!isLifeSafety(submission) && services.reports().queued() >= a.maxQueuedReports()) {
      throw new ApiError(429, "overloaded", "this node is saturated; retry shortly (life-safety reports are always accepted)", null);
    }
  }

  /** Whether a prepared report is life safety (its alert's raise included), for every limit. */
  boolean isLifeSafety(Submission submission) {
    return urgency.isLifeSafety(submission.report().priority());
  }

  /** What the reporter of a deferred report is told. */
  public JsonObject notice(Report report) {
    if (!report.deferred()) {
      return null;
    }
    EmergencyConfig e = services.config().emergency();
    return new JsonObject().put("he", e.noticeHe()).put("en", e.noticeEn());
  }

  /** The answer for a stored report: the report, and for a deferred one the notice. */
  JsonObject answer(Report report, JsonObject json) {
    JsonObject notice = notice(report);
    return notice == null ? json : json.copy().put("notice", notice);
  }

  /** {@link #answer(Report, JsonObject)} as the body to send, reusing the report's encoding when it is all. */
  Buffer answer(Report report, JsonObject json, String encoded) {
    return notice(report) == null ? Buffer.buffer(encoded) : answer(report, json).toBuffer();
  }

  /** A submission placed in its incident, and the incident as it now is (null if none). */
  public record Grouped(Submission submission, JsonObject incident) {}

  /**
   * Places a new report in an incident: one nearby of its category, or a new one. Grouping must
   * never cost a report: if the cluster cannot group it now, it is stored without an incident.
   * A deferred report is not grouped: it waits for the emergency to end, off the maps.
   */
  public Future<Grouped> group(Vertx vertx, Submission s) {
    Report r = s.report();
    // Until now the report's incident is the client's hint: never stored unless it is joined.
    String hint = r.incident();
    Submission ungrouped = hint == null ? s : s.grouped(null);
    if (r.deferred()) {
      return Future.succeededFuture(new Grouped(ungrouped, null)); // handled after the emergency, alone
    }
    return services
        .incidents()
        .assign(vertx.getOrCreateContext(), r.category(), r.lon(), r.lat(), r.priority(), r.district(),
            r.receivedAt().toEpochMilli(), hint)
        .map(incident -> new Grouped(s.grouped(incident.getString("id")), incident))
        .recover(err -> {
          LOG.warn("Report {} not grouped into an incident", r.id(), err);
          return Future.succeededFuture(new Grouped(ungrouped, null));
        });
  }

  /**
   * After the commit: the cluster map and the live streams learn of a new report. The reports
   * committed in one event-loop task (a commit group answers many requests at once) are announced
   * together at its end: one map operation per district and one log append, not one of each per
   * report.
   */
  public void announce(Vertx vertx, Receipt receipt, JsonObject json, JsonObject incident) {
    announce(vertx, receipt, json, json.encode(), incident);
  }

  /** {@link #announce(Vertx, Receipt, JsonObject, JsonObject)} with the report's JSON already encoded. */
  public void announce(Vertx vertx, Receipt receipt, JsonObject json, String encoded, JsonObject incident) {
    Report stored = receipt.report();
    boolean replayedUnchanged = receipt.outcome() == Receipt.Outcome.REPLAYED
        && stored.version() == 1 && stored.status().isOpen();
    if (receipt.outcome() != Receipt.Outcome.CREATED && !replayedUnchanged) {
      return; // refused, or changed since: its changes announced it
    }
    if (replayedUnchanged) {
      // Its first attempt may have committed after its answer (a 503), and announced nothing.
      // Announcing again is harmless: the map keeps the newer version, screens skip one they have.
      // This attempt's own grouping belongs to no stored report: no incident with it.
      incident = null;
    }
    if (created.isEmpty()) {
      Context context = vertx.getOrCreateContext();
      context.runOnContext(v -> announceCreated(context));
    }
    created.add(new Created(OpenReports.Entry.of(json, encoded), incident));
  }

  private void announceCreated(Context context) {
    List<Created> batch = created;
    created = new ArrayList<>();
    services
        .events()
        .publishCreatedEncoded(context, batch.stream().map(Created::report).toList())
        .onSuccess(seq -> batch.forEach(c -> {
          if (c.incident() != null) {
            incidents.announce(context, c.incident());
          }
        }))
        .onFailure(err -> LOG.warn("{} reports stored but not announced", batch.size(), err));
  }

  /**
   * A report answered 201: a stored one is counted and audited (a replay changed nothing). Call
   * it where the answer is sent; {@code caller} is who filed it.
   */
  public void accepted(RoutingContext ctx, Caller caller, Receipt receipt) {
    if (receipt.outcome() != Receipt.Outcome.CREATED) {
      return;
    }
    Report r = receipt.report();
    try {
      services.metrics().reports().accepted(r.channel(), r.category());
    } catch (RuntimeException e) {
      LOG.debug("Acceptance not counted", e); // metrics never fail a request
    }
    Audit.log(ctx, caller, "report.created", new JsonObject()
        .put("report", r.id())
        .put("district", r.district())
        .put("category", r.category())
        .put("channel", r.channel()));
  }

  /**
   * A report refused: counted by the channel and category its body names (when it names known
   * ones) and the code it is answered with.
   *
   * @param body the request's report, or null when it could not be read
   */
  public void refused(JsonObject body, Throwable why) {
    refused(services, body, why);
  }

  /** {@link #refused(JsonObject, Throwable)}, for a refusal made before the intake handler (a caller's rate). */
  static void refused(NodeServices services, JsonObject body, Throwable why) {
    try {
      String channel = body == null || !(body.getValue("channel") instanceof String c) ? null : c;
      String category = body == null || !(body.getValue("category") instanceof String c) ? null : c;
      services.metrics().reports().refused(channel, category, reason(why));
    } catch (RuntimeException e) {
      LOG.debug("Refusal not counted", e); // metrics never fail a request
    }
  }

  /** The error code a failure is answered with. */
  private static String reason(Throwable why) {
    if (why instanceof ApiError e) {
      return e.code();
    }
    if (org.hamal.cluster.CommitOutcomeUnknown.is(why)) {
      return "outcome_unknown";
    }
    return "store_unavailable";
  }

  /** The error a refused receipt is answered with, or null when it is a success. */
  public static ApiError refusal(Receipt receipt, Submission submission) {
    if (receipt.outcome() != Receipt.Outcome.CONFLICT) {
      return null;
    }
    return submission.idempotencyKey() != null
        ? ApiError.invalid(
            "idempotency_key_reused",
            "this idempotency key was used for a different request",
            "Idempotency-Key")
        : ApiError.invalid("id_conflict", "a different report already has this id", "id");
  }

  /** A digest of what the request asks for, independent of JSON formatting and field order. */
  private static String hash(NewReport r) {
    String canonical =
        String.join(
            "\u0000",
            r.category(),
            String.valueOf(r.description()),
            Double.toString(r.lon()),
            Double.toString(r.lat()),
            r.reporter() == null ? "-" : String.valueOf(r.reporter().name()),
            r.reporter() == null ? "-" : String.valueOf(r.reporter().phone()),
            r.channel())
            // Appended only when given, so keys stored before callbacks existed still match.
            + (r.reporter() == null || r.reporter().callback() == null ? "" : "\u0000" + r.reporter().callback())
            + (r.reporter() == null || r.reporter().email() == null ? "" : "\u0000email:" + r.reporter().email());
    return Sha256.hex(canonical);
  }
}
