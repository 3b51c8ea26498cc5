package org.hamal.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashSet;
import java.util.Set;

/**
 * What every request line must be before it is routed: the router and {@code params()} throw on
 * a malformed percent-encoding, which would otherwise surface as a 500. Repeated query parameters
 * are refused on the API, where each is read once ({@code district} alone may repeat).
 */
final class RequestChecks {

  /** The API's query parameters that may be given more than once. */
  private static final Set<String> REPEATABLE = Set.of("district");

  private RequestChecks() {}

  /** The refusal of a request's path or query, or null when they are fine. */
  static ApiError problem(HttpServerRequest request) {
    String path = request.path();
    if (path == null || !wellEscaped(path)) {
      return ApiError.malformed("malformed_path", "the path has a malformed percent-encoding", null);
    }
    String query = request.query();
    if (query == null || query.isEmpty()) {
      return null;
    }
    MultiMap params;
    try {
      params = request.params();
    } catch (IllegalArgumentException e) {
      return ApiError.malformed(
          "malformed_parameter", "the query has a malformed percent-encoding", null);
    }
    if (path.startsWith("/api/")) {
      Set<String> seen = new HashSet<>();
      for (var param : params) {
        if (!seen.add(param.getKey()) && !REPEATABLE.contains(param.getKey())) {
          return ApiError.malformed(
              "repeated_parameter", param.getKey() + " may be given only once", param.getKey());
        }
      }
    }
    return null;
  }

  /** Every {@code %} is followed by two hex digits. */
  private static boolean wellEscaped(String s) {
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
