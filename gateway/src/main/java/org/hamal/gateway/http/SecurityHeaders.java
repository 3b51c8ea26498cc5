package org.hamal.gateway.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import org.hamal.gateway.config.MapConfig;

/**
 * The headers every answer carries (docs/security.md, "Headers"): a content security policy that
 * lets the pages load only the node's own scripts and styles and the configured map tiles, no
 * framing, no sniffing, no referrer; and a {@code Cache-Control} fit for each: API answers (which
 * may hold reporters' names and phones) are never stored, the pages and their files are kept and
 * revalidated on each use (the field app's service worker too, so a new build reaches every screen).
 */
final class SecurityHeaders {

  private static final String PAGE = "hamal.page";

  private final String policy;

  SecurityHeaders(MapConfig map) {
    this.policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:"
        + tileSource(map.tileUrl())
        + "; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
        + " frame-ancestors 'none'";
  }

  /** The policy, for tests and docs. */
  String policy() {
    return policy;
  }

  /** First on every route: the headers go on whatever answers, errors included. */
  void add(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> {
      HttpServerResponse response = ctx.response();
      var headers = response.headers();
      if (!headers.contains("Content-Security-Policy")) {
        // An answer with a stricter policy of its own keeps it (a photo: default-src 'none').
        headers.set("Content-Security-Policy", policy);
      }
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("X-Frame-Options", "DENY");
      headers.set("Referrer-Policy", "no-referrer");
      if (Boolean.TRUE.equals(ctx.get(PAGE)) && response.getStatusCode() < 400) {
        // Kept, and asked again each time (a 304 when unchanged).
        headers.set("Cache-Control", "no-cache");
      } else if (!headers.contains("Cache-Control")) {
        headers.set("Cache-Control", "no-store");
      }
    });
    ctx.next();
  }

  /**
   * For an answer made outside the router (a request refused before routing): the same headers,
   * with a policy that allows nothing, as a JSON error needs nothing. The router's own handler
   * keeps a policy already set.
   */
  static void addToRefusal(HttpServerResponse response) {
    var headers = response.headers();
    if (!headers.contains("Content-Security-Policy")) {
      headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
  }

  /** Marks a page or one of its files (not the API). */
  static void page(RoutingContext ctx) {
    ctx.put(PAGE, true);
    ctx.next();
  }

  /**
   * The origin of the tile URL template, as a source expression: a {@code {s}} subdomain becomes
   * a wildcard. None when there are no tiles.
   */
  static String tileSource(String tileUrl) {
    if (tileUrl == null || tileUrl.isBlank()) {
      return "";
    }
    String template = tileUrl.replace("{s}", "tiles-subdomain");
    URI uri = URI.create(template.replaceAll("\\{[^}]*}", "0"));
    if (uri.getScheme() == null || uri.getHost() == null) {
      return ""; // a relative template: 'self' covers it
    }
    String host = uri.getHost().replace("tiles-subdomain", "*");
    return " " + uri.getScheme() + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }
}
