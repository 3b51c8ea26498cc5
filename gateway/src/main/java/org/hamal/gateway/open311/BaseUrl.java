package org.hamal.gateway.open311;

import io.vertx.ext.web.RoutingContext;
import org.hamal.gateway.config.HttpConfig;

/** The address clients reach this node at: the configured public one, else the request's own. */
final class BaseUrl {

  private BaseUrl() {}

  static String of(RoutingContext ctx, HttpConfig http) {
    String configured = http.publicUrl();
    if (configured != null && !configured.isBlank()) {
      return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }
    return ctx.request().scheme() + "://" + ctx.request().authority();
  }
}
