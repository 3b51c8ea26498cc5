package org.hamal.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.hamal.cluster.CommitOutcomeUnknown;
import org.hamal.cluster.report.Receipt;
import org.hamal.cluster.report.Submission;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/reports}: validate, locate, store durably, then acknowledge and announce.
 * The 201 is sent only after the store has committed the report. A retry with the same
 * {@code Idempotency-Key} (or the same client-chosen id), on any node, gets the original report
 * back with {@code Idempotent-Replayed: true} and stores nothing.
 */
final class IntakeHandler implements Handler<RoutingContext> {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Logger LOG = LoggerFactory.getLogger(IntakeHandler.class);

  private final NodeServices services;
  private final Intake intake;

  IntakeHandler(NodeServices services, Intake intake) {
    this.services = services;
    this.intake = intake;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body = null;
    Submission submission;
    try {
      String key = Intake.checkKey(ctx.request().getHeader(IDEMPOTENCY_KEY), IDEMPOTENCY_KEY);
      body = Bodies.jsonObject(ctx);
      // A key over its rate is refused with its Retry-After (ErrorResponses).
      submission = intake.prepare(body, Caller.of(ctx), key);
      admit(ctx, submission);
    } catch (ApiError refused) {
      intake.refused(body, refused);
      throw refused;
    }
    JsonObject asked = body;
    intake
        .group(ctx.vertx(), submission)
        .compose(grouped -> services.reports().insert(grouped.submission()).map(receipt -> {
          answer(ctx, grouped, receipt, asked);
          return receipt;
        }))
        .onFailure(err -> {
          intake.refused(asked, err);
          storeFailed(ctx, err, List.of(submission.report().id()));
        });
  }

  private void admit(RoutingContext ctx, Submission submission) {
    try {
      intake.admit(submission);
    } catch (ApiError refused) {
      ctx.response().putHeader("Retry-After", String.valueOf(services.config().admission().retryAfterSeconds()));
      throw refused;
    }
  }

  private void answer(RoutingContext ctx, Intake.Grouped grouped, Receipt receipt, JsonObject asked) {
    Submission submission = grouped.submission();
    ApiError refused = Intake.refusal(receipt, submission);
    if (refused != null) {
      intake.refused(asked, refused);
      ErrorResponses.send(ctx, refused.status(), refused.code(), refused.getMessage(), refused.field());
      return;
    }
    JsonObject json = services.json().toJson(receipt.report());
    String encoded = json.encode(); // once: the answer, the map and the log share it
    ctx.response().putHeader("Location", "/api/v1/reports/" + receipt.report().id());
    if (receipt.outcome() == Receipt.Outcome.REPLAYED) {
      ctx.response().putHeader("Idempotent-Replayed", "true");
    }
    intake.accepted(ctx, Caller.of(ctx), receipt); // counted before the client can see its answer
    Bodies.json(ctx, 201, intake.answer(receipt.report(), json, encoded));
    intake.announce(ctx.vertx(), receipt, json, encoded, grouped.incident());
  }

  /**
   * The answer when the store did not commit: {@code 503 store_unavailable} when nothing was
   * stored, or {@code 503 outcome_unknown} when a commit was sent and got no answer, with the ids
   * the reports would have: a client looks them up, or retries under the same
   * {@code Idempotency-Key} (or with those ids), and nothing is stored twice.
   */
  static void storeFailed(RoutingContext ctx, Throwable err, List<String> ids) {
    ctx.response().putHeader("Retry-After", "1");
    if (CommitOutcomeUnknown.is(err)) {
      LOG.error("A commit got no answer; its reports may be stored: {}", ids, err);
      ErrorResponses.send(ctx, 503, "outcome_unknown",
          "the store may or may not have stored this; look it up by id, or retry with the same Idempotency-Key or id",
          null, new JsonObject().put("ids", new JsonArray(ids)));
      return;
    }
    LOG.error("Store failed; nothing acknowledged", err);
    ErrorResponses.send(ctx, 503, "store_unavailable", "nothing was stored; please retry", null);
  }
}
