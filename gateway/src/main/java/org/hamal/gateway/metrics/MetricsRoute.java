package org.hamal.gateway.metrics;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Set;
import org.hamal.gateway.auth.Authentication;
import org.hamal.gateway.auth.ClientAddress;
import org.hamal.gateway.http.ErrorResponses;

/**
 * {@code GET /metrics}: the registry in Prometheus text format, to loopback callers only, or to a
 * token with the configured role ({@code metrics.access}).
 */
public final class MetricsRoute {

  public static final String PATH = "/metrics";
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");

  private MetricsRoute() {}

  public static void mount(Router router, MetricsConfig config, NodeMetrics metrics, Handler<RoutingContext> authn) {
    Handler<RoutingContext> scrape = PrometheusScrapingHandler.create(metrics.registry());
    if (config.accessMode() == MetricsConfig.Access.LOOPBACK) {
      router.get(PATH).handler(MetricsRoute::loopbackOnly).handler(scrape);
    } else {
      router.get(PATH).handler(authn).handler(Authentication.requireAny(config.requiredRole())).handler(scrape);
    }
  }

  /**
   * The socket's own peer, never a forwarded client, even from a trusted proxy: a proxy on this
   * machine would otherwise pass the check for anyone it forwards.
   */
  private static void loopbackOnly(RoutingContext ctx) {
    String peer = ClientAddress.peer(ctx.request());
    if (peer != null && LOOPBACK.contains(peer)) {
      ctx.next();
      return;
    }
    ErrorResponses.send(ctx, 403, "forbidden", "metrics are served to this machine only (metrics.access: loopback)", null);
  }
}
