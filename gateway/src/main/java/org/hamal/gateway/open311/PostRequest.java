package org.hamal.gateway.open311;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.CommitOutcomeUnknown;
import org.hamal.cluster.Unavailable;
import org.hamal.cluster.report.Receipt;
import org.hamal.cluster.report.ReportMedia;
import org.hamal.cluster.report.Submission;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.http.ApiError;
import org.hamal.gateway.http.Intake;
import org.hamal.gateway.http.MediaHandlers;
import org.hamal.gateway.http.ReportRate;

/**
 * {@code POST /open311/v2/requests}: a report through Hamal's intake, answered only once it is
 * stored, with its {@code service_request_id} (never a token: nothing is queued). The photo of a
 * multipart {@code media} part is checked before the report is stored and stored after it, as a
 * report's photo. A retry stores nothing twice: under the client's {@code Idempotency-Key}, or,
 * without one, as the same {@code api_key} and body within {@code open311.retryWindowMinutes}.
 */
final class PostRequest {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  /** Who may file reports through Open311: the roles that may file reports for residents. */
  private static final Set<Role> FILERS = EnumSet.of(Role.INTAKE, Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN);

  private final NodeServices services;
  private final Intake intake;
  private final ReportRate rate;

  PostRequest(NodeServices services, Intake intake) {
    this.services = services;
    this.intake = intake;
    this.rate = new ReportRate(services);
  }

  void handle(RoutingContext ctx) {
    FormBody.Form form = FormBody.of(ctx);
    String apiKey = form.get("api_key");
    if (apiKey == null) {
      throw forbidden("api_key is required");
    }
    services.authentication().caller(apiKey)
        .recover(err -> Future.failedFuture(forbidden("api_key is not valid")))
        .compose(caller -> {
          Caller.attach(ctx, caller); // its access line names the key, as the API's do
          if (caller.roles().stream().noneMatch(FILERS::contains)) {
            throw forbidden("this api_key may not file requests");
          }
          JsonObject body = RequestForm.toReport(form, services.places().current().index());
          // The key's rate across the cluster, as for POST /api/v1/reports.
          return rate.take(caller, body).map(allowed -> {
            file(ctx, form, caller, body);
            return allowed;
          });
        })
        .onFailure(ctx::fail);
  }

  private void file(RoutingContext ctx, FormBody.Form form, Caller caller, JsonObject body) {
    String key = Intake.checkKey(ctx.request().getHeader(IDEMPOTENCY_KEY), IDEMPOTENCY_KEY);
    if (key == null) {
      long window = TimeUnit.MINUTES.toMillis(services.config().open311().retryWindowMinutes());
      key = RequestForm.derivedKey(form, System.currentTimeMillis(), window);
    }
    Submission submission;
    try {
      submission = intake.prepare(body, caller, key);
      intake.admit(submission);
    } catch (ApiError refused) {
      intake.refused(body, refused);
      if ("overloaded".equals(refused.code())) {
        ctx.response().putHeader("Retry-After", String.valueOf(services.config().admission().retryAfterSeconds()));
      }
      throw refused;
    }
    String mediaKey = key + ":media";
    String id = submission.report().id();
    Future<ReportMedia.Upload> photo = form.media() == null
        ? Future.succeededFuture(null)
        // Stripping a camera's megabytes is CPU work: off the event loop, and before the report
        // is stored, so that a damaged image refuses the whole request.
        : ctx.vertx().executeBlocking(() -> MediaHandlers.prepare(id, caller, mediaKey, form.media()), false);
    photo.compose(upload -> intake.group(ctx.vertx(), submission)
            .compose(grouped -> services.reports().insert(grouped.submission())
                .compose(receipt -> {
                  ApiError refused = Intake.refusal(receipt, grouped.submission());
                  if (refused != null) {
                    intake.refused(body, refused);
                    return Future.failedFuture(refused);
                  }
                  return attach(upload).map(media -> {
                    intake.accepted(ctx, caller, receipt);
                    answer(ctx, receipt, media);
                    intake.announce(ctx.vertx(), receipt, services.json().toJson(receipt.report()), grouped.incident());
                    return receipt;
                  });
                })))
        .onFailure(err -> {
          if (CommitOutcomeUnknown.is(err) || Unavailable.is(err)) {
            intake.refused(body, err); // not stored (or not known to be): counted as the API's 503s are
          }
          ctx.fail(err);
        });
  }

  private Future<String> attach(ReportMedia.Upload upload) {
    if (upload == null) {
      return Future.succeededFuture(null);
    }
    return services.store().media().add(upload, services.config().media().maxPerReport()).map(receipt -> {
      if (receipt.outcome() != ReportMedia.Outcome.CREATED && receipt.outcome() != ReportMedia.Outcome.REPLAYED) {
        throw Open311Errors.badRequest("media was not stored: " + receipt.outcome().name().toLowerCase(java.util.Locale.ROOT), "media");
      }
      return MediaHandlers.url(receipt.media());
    });
  }

  private void answer(RoutingContext ctx, Receipt receipt, String mediaUrl) {
    var report = receipt.report();
    JsonObject notice = intake.notice(report);
    Language language = Language.of(ctx);
    JsonObject created = new JsonObject()
        .put("service_request_id", report.id())
        .put("service_notice", notice == null ? null : language.pick(notice.getString("he"), notice.getString("en")))
        .put("account_id", null);
    if (mediaUrl != null) {
      created.put("media_url", BaseUrl.of(ctx, services.config().http()) + mediaUrl);
    }
    if (receipt.outcome() == Receipt.Outcome.REPLAYED) {
      ctx.response().putHeader("Idempotent-Replayed", "true");
    }
    ctx.response().putHeader("Location", "/open311/v2/requests/" + report.id() + "." + Format.of(ctx).name().toLowerCase(java.util.Locale.ROOT));
    Format.of(ctx).send(ctx, 201, new JsonArray().add(created), "service_requests", "request");
  }

  private static ApiError forbidden(String description) {
    return new ApiError(403, "forbidden", description, "api_key");
  }
}
