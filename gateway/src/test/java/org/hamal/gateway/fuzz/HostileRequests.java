package org.hamal.gateway.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Hostile HTTP requests, drawn from a seeded {@link Random}: every route of the node with wrong
 * methods, mangled paths and ids, query strings with broken escapes and repeats, odd headers and
 * tokens, and bodies from mutated valid reports to random bytes. The same seed gives the same
 * requests.
 */
final class HostileRequests {

  /** One generated request: what it is for the failure message, and its bytes. */
  /**
   * One generated request: what it is for the failure message, and its bytes. {@code brokenBody}:
   * a chunked body the HTTP parser fails on after the head was taken, when the connection is
   * closed without an answer (the parser's refusal, not the application's).
   */
  record Hostile(String method, String path, String description, byte[] bytes, boolean brokenBody) {}

  private static final List<String> METHODS =
      List.of("GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "BREW", "get");
  private static final List<String> PATHS = List.of(
      "/api/v1/reports", "/api/v1/reports/{id}", "/api/v1/reports/{id}/history", "/api/v1/reports/{id}/media",
      "/api/v1/reports/{id}/media/{id}", "/api/v1/reports:batch", "/api/v1/reports.geojson", "/api/v1/reports.csv",
      "/api/v1/incidents", "/api/v1/incidents/{id}", "/api/v1/incidents/{id}.cap", "/api/v1/incidents.cap",
      "/api/v1/incidents/{id}/merge", "/api/v1/incidents/{id}/split", "/api/v1/districts",
      "/api/v1/districts/locate", "/api/v1/alert-areas", "/api/v1/alert-areas/file", "/api/v1/alerts",
      "/api/v1/alerts/{id}", "/api/v1/alerts/{id}/clear", "/api/v1/alerts/{id}/safe", "/api/v1/layer", "/api/v1/places", "/api/v1/places/file",
      "/api/v1/mode", "/api/v1/mode/release", "/api/v1/mode/history", "/api/v1/callcenter/load",
      "/api/v1/patrollers", "/api/v1/patrollers/me/position", "/api/v1/devices/links", "/api/v1/devices/links/{id}",
      "/api/v1/keys", "/api/v1/keys/{id}", "/api/v1/tokens/revoke", "/api/v1/cluster", "/api/v1/live",
      "/health", "/ready", "/config.json", "/open311/discovery.json", "/open311/v2/services.json",
      "/open311/v2/services/{id}.xml", "/open311/v2/requests.json", "/open311/v2/requests/{id}.json",
      "/open311/v2/tokens/{id}.json", "/", "/index.html", "/vendor/leaflet/leaflet.js", "/../../etc/passwd",
      "/api/v1/../v1/mode", "//api//v1//reports", "/api/v2/reports", "/api/v1/reports/", "/api/v1/reports/{id}/",
      "*", "/api/v1/reports;x=1", "/api/v1/%2e%2e/mode", "/api/v1/reports%2F{id}");
  private static final List<String> IDS = List.of(
      "x", "%zz", "%", "%00", "..", "%2e%2e", "-1", "0", "%F0%9F%98%80", "%D7%90", "a".repeat(300),
      "00000000-0000-0000-0000-000000000000", "not-a-uuid", "{id}", "%FF%FE", "null", "%25");
  private static final List<String> PARAMS = List.of(
      "limit", "district", "category", "status", "q", "lon", "lat", "bbox", "crs", "since", "access_token",
      "service_request_id", "service_code", "start_date", "end_date", "api_key", "page_size", "x");
  private static final List<String> VALUES = List.of(
      "1", "0", "-1", "99999999999999999999", "abc", "", "%", "%zz", "%00", "%FF", "shimshon", "injury", "34.57",
      "NaN", "1e309", "a,b", "%E2%80%8F", "x".repeat(2000), "34.5,31.6,34.6,31.7", "EPSG:2039", "new", "%0d%0a",
      "2026-13-45", "+", "%2B", "shimshon,,barnea");
  private static final List<String> CONTENT_TYPES = List.of(
      "application/json", "application/json; charset=latin1", "text/plain", "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x", "multipart/form-data", "image/jpeg", "application/xml", ";;;", "*/*");
  private static final List<String> VERSIONS = List.of("HTTP/1.0", "HTTP/1.7", "HTTP/2.0", "HTTP/0.9", "HTTPS/1.1", "HTTP/1.1 x");

  private final Random random;
  private final List<String> tokens;
  private final Supplier<List<String>> knownIds;

  /**
   * @param tokens the Authorization values to draw from (valid, invalid and hostile)
   * @param knownIds ids of stored reports, so that some requests reach real resources
   */
  HostileRequests(Random random, List<String> tokens, Supplier<List<String>> knownIds) {
    this.random = random;
    this.tokens = tokens;
    this.knownIds = knownIds;
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  Hostile next() {
    String method = pick(METHODS);
    String path = pick(PATHS);
    while (path.contains("{id}")) {
      path = path.replaceFirst("\\{id}", id());
    }
    String target = path + query();
    String version = chance(0.93) ? "HTTP/1.1" : pick(VERSIONS);
    byte[] body = method.equals("GET") && chance(0.9) ? new byte[0] : body();
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(' ').append(version).append("\r\n");
    head.append("Host: 127.0.0.1\r\n");
    if (chance(0.85)) {
      head.append("Authorization: ").append(pick(tokens)).append("\r\n");
    }
    if (chance(0.2)) {
      head.append("Content-Type: ").append(pick(CONTENT_TYPES)).append("\r\n");
    }
    if (chance(0.1)) {
      head.append("Idempotency-Key: ").append(hostileHeaderValue()).append("\r\n");
    }
    if (chance(0.1)) {
      head.append("If-Match: ").append(pick(List.of("\"1\"", "*", "W/\"2\"", "\"x\"", "1", ""))).append("\r\n");
    }
    if (chance(0.05)) {
      head.append("Expect: ").append(pick(List.of("100-continue", "bogus", "200-ok"))).append("\r\n");
    }
    if (chance(0.05)) {
      head.append("Accept: ").append(pick(List.of("application/xml", "text/csv", "image/png", "*/*;q=x"))).append("\r\n");
    }
    if (path.equals("/api/v1/live") && chance(0.7)) {
      head.append("Upgrade: ").append(pick(List.of("websocket", "WebSocket", "h2c", ""))).append("\r\n")
          .append("Connection: ").append(pick(List.of("Upgrade", "keep-alive, Upgrade", "close"))).append("\r\n");
      if (chance(0.7)) {
        head.append("Sec-WebSocket-Version: ").append(pick(List.of("13", "8", "", "x"))).append("\r\n");
      }
      if (chance(0.7)) {
        head.append("Sec-WebSocket-Key: ").append(pick(List.of("dGhlIHNhbXBsZSBub25jZQ==", "", "%%%", "a".repeat(500))))
            .append("\r\n");
      }
    }
    if (chance(0.05)) {
      head.append(pick(List.of("Upgrade: websocket\r\nConnection: Upgrade", "X-Forwarded-For: ::1",
          "Content-Encoding: gzip", "Range: bytes=5-1", "Origin: null", "Cookie: a=%zz"))).append("\r\n");
    }
    if (chance(0.03)) {
      head.append("X-Control: a").append((char) random.nextInt(32)).append("b\r\n");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean broken = false;
    if (chance(0.04)) {
      // A chunked body, well formed or broken (never one the server would wait on for more).
      head.append("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (chance(0.5)) {
        out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        broken = true;
        out.writeBytes("zz\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    } else {
      head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(body);
    }
    byte[] bytes = out.toByteArray();
    String shown = new String(bytes, 0, Math.min(bytes.length, 600), StandardCharsets.ISO_8859_1)
        .replace("\r\n", "\\r\\n ");
    return new Hostile(method, path, shown, bytes, broken);
  }

  private String id() {
    List<String> known = knownIds.get();
    if (!known.isEmpty() && chance(0.3)) {
      String id = pick(known);
      return chance(0.3) ? id.toUpperCase(java.util.Locale.ROOT) : id;
    }
    return chance(0.3) ? UUID.randomUUID().toString() : pick(IDS);
  }

  private String query() {
    if (chance(0.5)) {
      return "";
    }
    StringBuilder q = new StringBuilder("?");
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        q.append(chance(0.9) ? "&" : pick(List.of("&&", ";", "&=")));
      }
      q.append(pick(PARAMS));
      if (chance(0.9)) {
        q.append('=').append(pick(VALUES));
      }
    }
    return q.toString();
  }

  private String hostileHeaderValue() {
    return pick(List.of("k-" + random.nextInt(1000), "", " ", "x".repeat(300), "é", "a b", "k\u00ff"));
  }

  private byte[] body() {
    int kind = random.nextInt(10);
    return switch (kind) {
      case 0, 1, 2, 3 -> mutatedReport().encode().getBytes(StandardCharsets.UTF_8);
      case 4 -> new JsonObject().put("reports", new JsonArray().add(mutatedReport()).add(randomValue(2)))
          .encode().getBytes(StandardCharsets.UTF_8);
      case 5 -> new JsonObject().put(pick(List.of("status", "mode", "version", "assignee", "reports", "level",
          "ttlHours", "name", "token", "lon", "lat", "load")), randomValue(2)).encode().getBytes(StandardCharsets.UTF_8);
      case 6 -> {
        String valid = mutatedReport().encode();
        yield valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
      }
      case 7 -> {
        byte[] bytes = new byte[random.nextInt(3000)];
        random.nextBytes(bytes);
        yield bytes;
      }
      case 8 -> pick(List.of("[", "[".repeat(5000), "1e99999", "-0", "null", "\"x\"", "{\"a\":1,\"a\":2}",
          "{\"category\":\"injury\"}garbage", "\uFEFF{}", "{\"description\":\"\\ud800\"}", "category=injury&x=%zz"))
          .getBytes(StandardCharsets.UTF_8);
      default -> new byte[0];
    };
  }

  /** A valid report with one or two members replaced, removed or added. */
  JsonObject mutatedReport() {
    JsonObject report = validReport("fuzz");
    int changes = 1 + random.nextInt(2);
    for (int i = 0; i < changes; i++) {
      String field = pick(List.of("category", "description", "location", "channel", "phone", "id", "extra", "reporter"));
      if (chance(0.2)) {
        report.remove(field);
      } else if (chance(0.3) && report.getValue("location") instanceof JsonObject location) {
        location.put(pick(List.of("lat", "lon", "x")), randomValue(1));
      } else {
        report.put(field, randomValue(1));
      }
    }
    return report;
  }

  static JsonObject validReport(String description) {
    return new JsonObject().put("category", "injury").put("description", description)
        .put("location", new JsonObject().put("lon", 34.5712).put("lat", 31.6688));
  }

  private Object randomValue(int depth) {
    int kind = random.nextInt(depth > 0 ? 12 : 10);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt();
      case 3 -> random.nextDouble() * 1e6 - 5e5;
      case 4 -> Long.MAX_VALUE;
      case 5 -> "";
      case 6 -> "x".repeat(random.nextInt(5000));
      case 7 -> pick(List.of("injury", "fire", "שריפה", "\u202Eevil", "\u0000", "1", "NaN", "<script>", "00000000-0000-0000-0000-000000000000"));
      case 8 -> UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
      case 9 -> -1;
      case 10 -> new JsonArray().add(randomValue(depth - 1)).add(randomValue(depth - 1));
      default -> new JsonObject().put(pick(List.of("lat", "lon", "a")), randomValue(depth - 1));
    };
  }
}
