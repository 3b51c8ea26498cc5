package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.limits.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One report from its caller's rate across the cluster (IntakeRates), before the report is
 * handled: {@code POST /api/v1/reports} and Open311's {@code POST /open311/v2/requests}. A
 * life-safety report (Urgency: the alert's raise included) takes from its own allowance first.
 */
public final class ReportRate {

  private static final Logger LOG = LoggerFactory.getLogger(ReportRate.class);

  private final NodeServices services;
  private final Limits limits;
  private final Urgency urgency;

  public ReportRate(NodeServices services) {
    this.services = services;
    this.limits = services.limits();
    this.urgency = new Urgency(services);
  }

  /**
   * Succeeds when the report may go ahead; fails with {@code 429 rate_limited} (its
   * {@code retryAfterSeconds} also the Retry-After) when the caller is over its rate. If the cluster
   * cannot answer, the report goes ahead: a limit must never cost a report when the cluster is
   * unwell.
   *
   * @param body the report asked for (null when it is none), counted when refused
   */
  public Future<Void> take(Caller caller, JsonObject body) {
    boolean lifeSafety = urgency.isLifeSafety(body);
    return limits.intake().take(caller, lifeSafety ? 1 : 0, lifeSafety ? 0 : 1)
        .transform(result -> {
          if (result.failed()) {
            LOG.warn("Intake rate of {} not checked, the cluster did not answer: {}", caller.subject(),
                result.cause().toString());
          } else if (result.result().retryAfterSeconds() > 0) {
            ApiError refused = LimitHandlers.rateLimited(result.result().retryAfterSeconds(),
                LimitHandlers.rateMessage(limits, caller));
            Intake.refused(services, body, refused);
            return Future.failedFuture(refused);
          }
          return Future.succeededFuture();
        });
  }
}
