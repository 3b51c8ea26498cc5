package org.hamal.gateway.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The last API route: a path some route serves with other methods answers {@code 405
 * method_not_allowed} with {@code Allow}, anything else {@code 404}. Vert.x cannot tell these
 * apart itself here, since the API's catch-all routes (authentication, bodies) take every method.
 */
final class MethodNotAllowed {

  private record Served(Pattern path, Set<HttpMethod> methods) {}

  private final List<Served> served = new ArrayList<>();

  /** Reads the routes {@code router} has under {@code prefix} now, with their methods. */
  MethodNotAllowed(Router router, String prefix) {
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      Pattern path = pathOf(route);
      if (methods != null && !methods.isEmpty() && path != null && route.getName().startsWith(prefix)) {
        served.add(new Served(path, methods));
      }
    }
  }

  /** A route's path as a pattern: a regular expression as given, {@code :name} as one segment. */
  private static Pattern pathOf(Route route) {
    String name = route.getName();
    if (name == null) {
      return null;
    }
    if (route.getPath() == null) {
      return Pattern.compile(name);
    }
    if (!route.isRegexPath() && !route.isExactPath()) {
      return null;
    }
    StringBuilder regex = new StringBuilder();
    for (String segment : route.getPath().split("/", -1)) {
      if (!regex.isEmpty() || !segment.isEmpty()) {
        regex.append('/');
      }
      regex.append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
    }
    return Pattern.compile(regex.toString());
  }

  void handle(RoutingContext ctx) {
    Set<String> allowed = new TreeSet<>();
    String path = ctx.request().path();
    for (Served s : served) {
      if (s.path().matcher(path).matches()) {
        s.methods().forEach(m -> allowed.add(m.name()));
      }
    }
    if (allowed.isEmpty()) {
      ErrorResponses.send(ctx, 404, "not_found", "no such resource", null);
      return;
    }
    ctx.response().putHeader("Allow", String.join(", ", allowed));
    ErrorResponses.send(ctx, 405, "method_not_allowed", "this method is not allowed here", null);
  }
}
