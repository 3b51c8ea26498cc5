package org.hamal.gateway.logs;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.ClientAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line to the logger {@code hamal.audit} per change of state made through the API: who
 * (the token's subject; an API key's is {@code key:NAME}), what ({@code action}), from where (the
 * client's address: the peer's, or behind a trusted proxy the client it forwarded), the request id and the ids it touched. Only ids and settings go in, never
 * what a report says or who reported it.
 */
public final class Audit {

  public static final String LOGGER = "hamal.audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private Audit() {}

  /**
   * Writes one audit line.
   *
   * @param action what changed, as {@code thing.verb} ({@code report.created}, {@code mode.set})
   * @param ids what it touched and how, never personal data ({@code report}, {@code status}...)
   */
  public static void log(RoutingContext ctx, String action, JsonObject ids) {
    log(ctx, Caller.ofOrNull(ctx), action, ids);
  }

  /** As {@link #log(RoutingContext, String, JsonObject)}, for a caller not kept in the context (Open311's api_key). */
  public static void log(RoutingContext ctx, Caller caller, String action, JsonObject ids) {
    try {
      JsonObject line = new JsonObject()
          .put("time", Instant.now().toString())
          .put("type", "audit")
          .put("action", action)
          .put("subject", caller == null ? null : caller.subject())
          .put("remote", remote(ctx))
          .put("requestId", ctx.<String>get(AccessLog.REQUEST_ID_KEY));
      if (ids != null) {
        line.mergeIn(ids);
      }
      LOG.info(line.encode());
    } catch (RuntimeException e) {
      LOG.warn("Audit line not written for {}", action, e);
    }
  }

  /** The client's address: the socket's peer, or the client a trusted proxy forwarded (ClientAddress). */
  public static String remote(RoutingContext ctx) {
    return ClientAddress.of(ctx);
  }
}
