package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportMedia;
import org.hamal.cluster.report.Sha256;
import org.hamal.cluster.report.Submission;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.logs.Audit;
import org.hamal.gateway.media.ImageSniffer;
import org.hamal.gateway.media.ImageType;
import org.hamal.gateway.media.MalformedImage;
import org.hamal.gateway.media.MetadataStripper;
import org.hamal.gateway.media.UploadSlots;

/**
 * A report's photos. {@code POST /api/v1/reports/{id}/media} takes the image's bytes as the body:
 * its type is found from the content (the declared type is only a hint), its metadata removed,
 * and the 201 sent only after the commit; a retry under the same {@code Idempotency-Key} gets the
 * same photo and stores nothing. {@code GET .../media} lists the photos, oldest first, and
 * {@code GET .../media/{mediaId}} serves one. Who may see the report may see its photos; a
 * patroller may also attach photos to a report they filed outside their districts.
 */
public final class MediaHandlers {

  /** Where an upload's slot is kept between its two routes. */
  private static final String LEASE = "hamal.uploadLease";
  /** Uploads take seconds: a slot is likely free again by then. */
  private static final int BUSY_RETRY_SECONDS = 2;

  private final NodeServices services;

  MediaHandlers(NodeServices services) {
    this.services = services;
  }

  void upload(RoutingContext ctx) {
    String reportId = ReportPaths.id(ctx);
    Caller caller = Caller.of(ctx);
    String key = Intake.checkKey(ctx.request().getHeader(IntakeHandler.IDEMPOTENCY_KEY), IntakeHandler.IDEMPOTENCY_KEY);
    byte[] sent = sentImage(ctx);
    int maxPerReport = services.config().media().maxPerReport();
    // The photo's copies live until the work is done, even when the client hangs up first.
    UploadSlots.Lease work = ((UploadSlots.Lease) ctx.get(LEASE)).share();
    attachable(reportId, caller)
        // Stripping and hashing a camera's megabytes is CPU work: off the event loop.
        .compose(report -> ctx.vertx().executeBlocking(() -> prepare(reportId, caller, key, sent), false))
        .compose(upload -> services.store().media().add(upload, maxPerReport))
        .onComplete(done -> work.release())
        .onSuccess(receipt -> answer(ctx, receipt, maxPerReport))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    String reportId = ReportPaths.id(ctx);
    reachable(reportId, Caller.of(ctx))
        .compose(report -> services.store().media().of(reportId))
        .onSuccess(all -> {
          JsonArray media = new JsonArray();
          all.forEach(m -> media.add(json(m)));
          Bodies.json(ctx, 200, new JsonObject().put("media", media));
        })
        .onFailure(ctx::fail);
  }

  void content(RoutingContext ctx) {
    String reportId = ReportPaths.id(ctx);
    String mediaId = ReportPaths.uuid(ctx, "mediaId");
    reachable(reportId, Caller.of(ctx))
        .compose(report -> services.store().media().content(reportId, mediaId))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ErrorResponses.send(ctx, 404, "not_found", "report " + reportId + " has no photo " + mediaId, null);
            return;
          }
          ctx.response()
              .putHeader("Content-Type", found.get().contentType())
              .putHeader("X-Content-Type-Options", "nosniff")
              // A photo never changes once stored; it is a resident's matter, so no shared caches.
              .putHeader("Cache-Control", "private, max-age=86400")
              .putHeader("Content-Security-Policy", "default-src 'none'")
              // Compressed already: gzip would spend CPU for nothing.
              .putHeader("Content-Encoding", "identity")
              .end(found.get().bytes());
        })
        .onFailure(ctx::fail);
  }

  /** The report, when it exists and the caller's districts reach it. */
  private Future<Report> reachable(String reportId, Caller caller) {
    return existing(reportId).map(report -> {
      if (!caller.reaches(report.district())) {
        throw outsideDistricts();
      }
      return report;
    });
  }

  /**
   * The report, when the caller may attach photos to it: it is in their districts, or they filed
   * it (patrollers report anywhere; their outbox sends the photos right after the report).
   */
  private Future<Report> attachable(String reportId, Caller caller) {
    return existing(reportId).compose(report -> caller.reaches(report.district())
        ? Future.succeededFuture(report)
        : services.reports().submittedBy(reportId).map(submitter -> {
          if (caller.subject() == null || !submitter.equals(Optional.of(caller.subject()))) {
            throw outsideDistricts();
          }
          return report;
        }));
  }

  private Future<Report> existing(String reportId) {
    if (!ReportIds.isWellFormed(reportId)) {
      return Future.failedFuture(ApiError.notFound("no report " + reportId));
    }
    return services.reports().find(reportId)
        .map(found -> found.orElseThrow(() -> ApiError.notFound("no report " + reportId)));
  }

  private static ApiError outsideDistricts() {
    return ApiError.forbidden("district_forbidden", "the report is outside your districts", null);
  }

  /**
   * Runs before the body is read: the body is the image, whatever type is declared. Multipart
   * forms are refused before their bytes are read (Vert.x Web's body handler would write their
   * parts to disk first); a declared form encoding, curl's default, is not decoded as a form.
   */
  void rawBody(RoutingContext ctx) {
    String declared = ctx.request().getHeader("Content-Type");
    String type = declared == null ? "" : declared.toLowerCase(Locale.ROOT);
    if (type.startsWith("multipart/")) {
      throw new ApiError(415, "unsupported_media",
          "send the image's bytes as the request body; multipart forms are not accepted", "Content-Type");
    }
    if (type.startsWith("application/x-www-form-urlencoded")) {
      ctx.request().headers().set("Content-Type", "application/octet-stream");
    }
    // Bounded before the body is read: reading it is where the memory goes.
    Optional<UploadSlots.Lease> slot = services.uploads().tryTake();
    if (slot.isEmpty()) {
      ctx.response().putHeader("Retry-After", String.valueOf(BUSY_RETRY_SECONDS));
      ErrorResponses.send(ctx, 503, "overloaded", "this node is taking all the photos it can; retry shortly", null);
      return;
    }
    UploadSlots.Lease lease = slot.get();
    ctx.put(LEASE, lease);
    // Given back as the answer starts, so a client that has it finds the slot free, or when the
    // connection closes unanswered (a second release is harmless).
    ctx.addHeadersEndHandler(v -> lease.release());
    ctx.addEndHandler(ended -> lease.release());
    ctx.next();
  }

  /** The body as sent. */
  private static byte[] sentImage(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiError.malformed("empty_body", "the image's bytes are required as the body", null);
    }
    return body.getBytes();
  }

  /** Finds the type, removes the metadata, names the photo (runs on a worker thread). */
  public static ReportMedia.Upload prepare(String reportId, Caller caller, String key, byte[] sent) {
    ImageType type = ImageSniffer.sniff(sent).orElseThrow(() -> new ApiError(415, "unsupported_media",
        "the body is not a JPEG, PNG or WebP image", null));
    byte[] stored;
    try {
      stored = MetadataStripper.strip(type, sent);
    } catch (MalformedImage e) {
      throw ApiError.invalid("invalid_media", "the image is damaged: " + e.getMessage(), null);
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // As for reports: keys are the caller's, and a keyed photo's id is its key's, so no two
    // attempts under one key can be answered with two ids.
    String scopedKey = key == null ? null : Submission.scopedKey(caller.subject(), key);
    String id = scopedKey == null ? ReportIds.next(now.toEpochMilli()) : ReportIds.forMediaKey(scopedKey);
    ReportMedia media = new ReportMedia(
        id, reportId, type.contentType(), stored.length, Sha256.hex(stored), caller.subject(), now);
    // The same key for other bytes, or for another report, is another request.
    String requestHash = Sha256.hex((reportId + "\n").getBytes(StandardCharsets.UTF_8), sent);
    return new ReportMedia.Upload(media, stored, scopedKey, requestHash);
  }

  private void answer(RoutingContext ctx, ReportMedia.Receipt receipt, int maxPerReport) {
    switch (receipt.outcome()) {
      case NO_REPORT -> ErrorResponses.send(ctx, 404, "not_found", "no such report", null);
      case FULL -> ErrorResponses.send(ctx, 422, "too_many_media",
          "a report carries at most " + maxPerReport + " photos", null);
      case KEY_REUSED -> ErrorResponses.send(ctx, 422, "idempotency_key_reused",
          "this idempotency key was used for a different request", IntakeHandler.IDEMPOTENCY_KEY);
      case CREATED, REPLAYED -> {
        ReportMedia media = receipt.media();
        if (receipt.outcome() == ReportMedia.Outcome.REPLAYED) {
          ctx.response().putHeader("Idempotent-Replayed", "true");
        }
        ctx.response().putHeader("Location", url(media));
        Bodies.json(ctx, 201, json(media));
        if (receipt.outcome() == ReportMedia.Outcome.CREATED) {
          Audit.log(ctx, "media.added", new JsonObject().put("report", media.reportId()).put("media", media.id()));
        }
      }
    }
  }

  private JsonObject json(ReportMedia m) {
    return new JsonObject()
        .put("id", m.id())
        .put("report", m.reportId())
        .put("contentType", m.contentType())
        .put("bytes", m.bytes())
        .put("at", services.json().format(m.at()))
        .put("actor", m.actor())
        .put("url", url(m));
  }

  public static String url(ReportMedia m) {
    return "/api/v1/reports/" + m.reportId() + "/media/" + m.id();
  }
}
