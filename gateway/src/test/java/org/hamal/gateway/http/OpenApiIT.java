package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.media.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/openapi.json} against the node that serves it: a valid OpenAPI 3.1 document
 * (checked with Vert.x's OpenAPI module against the 3.1 meta-schema, every {@code $ref}
 * resolved); every route of the server's router is in it; and every operation in it
 * answers, when called with the admin token and an empty body, with anything but 404 or 405 (a
 * 4xx validation error proves the route is there); and its {@code x-roles} are the roles the
 * router lets through. Path parameters are real: a report with a
 * photo, its incident, an alert, an API key and a device link, made first.
 */
class OpenApiIT {

  private static final String DOCUMENT = "/api/v1/openapi.json";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final Pattern VERTX_PARAM = Pattern.compile(":(\\w+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  // The bench switches on, so that their routes exist and are checked too.
  @RegisterExtension
  static final RunningNode node =
      RunningNode.extension().withEnv(Map.of("HAMAL_BENCH_NOOP", "true", "HAMAL_BENCH_FANOUT", "true"));

  private static JsonObject document;
  private static Map<String, String> fixtures;

  @BeforeAll
  static void readDocumentAndMakeFixtures() throws Exception {
    HttpResponse<String> served = node.get(DOCUMENT, null);
    assertThat(served.statusCode()).as("served without a token").isEqualTo(200);
    document = new JsonObject(served.body());
    fixtures = fixtures();
  }

  @Test
  void theDocumentIsServedAsItIsWithAnETag() throws Exception {
    HttpResponse<String> first = node.get(DOCUMENT, null);
    assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{16}\"");
    byte[] resource = OpenApiIT.class.getClassLoader().getResourceAsStream(OpenApiHandler.RESOURCE).readAllBytes();
    assertThat(first.body()).isEqualTo(new String(resource, java.nio.charset.StandardCharsets.UTF_8));

    HttpResponse<String> again = HTTP.send(
        HttpRequest.newBuilder(node.uri(DOCUMENT)).header("If-None-Match", etag).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void theDocumentIsValidOpenApi31() throws Exception {
    assertThat(document.getString("openapi")).startsWith("3.1.");
    Vertx vertx = node.node().cluster().vertx();
    // Vert.x's OpenAPI module: the document against the OpenAPI 3.1 meta-schema (and its schema
    // dialect), then every reference resolved. (Its contract parser, a router's, would also refuse
    // what its router cannot route, such as GeoJSON and NDJSON bodies: not a validity question.)
    OpenAPIVersion version = OpenAPIVersion.fromContract(document);
    assertThat(version).isEqualTo(OpenAPIVersion.V3_1);
    SchemaRepository schemas = version.getRepository(vertx, "app:///").await(30, TimeUnit.SECONDS);
    OutputUnit validation = version.validateContract(vertx, schemas, document).await(30, TimeUnit.SECONDS);
    assertThat(validation.getErrors()).as("against the OpenAPI 3.1 schema").isNullOrEmpty();
    assertThat(validation.getValid()).isTrue();
    version.resolve(vertx, schemas, document.copy()).await(30, TimeUnit.SECONDS);

    Set<String> operationIds = new HashSet<>();
    List<String> problems = new ArrayList<>();
    operations().forEach((key, operation) -> {
      if (!operationIds.add(operation.getString("operationId", ""))) {
        problems.add(key + ": no operationId, or one used twice");
      }
      if (operation.getJsonObject("responses", new JsonObject()).isEmpty()) {
        problems.add(key + ": no responses");
      }
      if (!operation.containsKey("x-roles")) {
        problems.add(key + ": no x-roles");
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void everyRouteOfTheServerIsDocumented() throws Exception {
    Set<String> documented = new TreeSet<>();
    operations().keySet().forEach(documented::add);
    List<String> undocumented = new ArrayList<>();
    Set<String> checked = new HashSet<>();
    for (Route route : routesOfARealServer()) {
      String name = route.getName();
      if (route.methods() == null || route.methods().isEmpty() || name == null || !route.isExactPath()) {
        continue; // handlers for many paths (authentication, bodies, pages), not endpoints
      }
      for (var method : route.methods()) {
        String verb = method.name().toLowerCase(Locale.ROOT);
        // A path with parameters (:id is {id}), else a regular expression that a documented path takes.
        boolean found = documented.contains(verb + " " + VERTX_PARAM.matcher(name).replaceAll("{$1}"))
            || route.isRegexPath()
                && documented.stream().anyMatch(op -> op.startsWith(verb + " ") && matchesRegex(name, op.substring(verb.length() + 1)));
        if (!found) {
          undocumented.add(verb.toUpperCase(Locale.ROOT) + " " + name);
        }
        checked.add(verb.toUpperCase(Locale.ROOT) + " " + name);
      }
    }
    assertThat(undocumented).as("routes missing from %s", OpenApiHandler.RESOURCE).isEmpty();
    // Plain paths, paths with parameters and regular expressions were all among those checked.
    assertThat(checked).contains("POST /api/v1/reports", "PATCH /api/v1/reports/:id", "POST /api/v1/reports:batch",
        "GET /open311/v2/requests\\.(?<format>json|xml)", "POST /bench/noop", "GET /api/v1/openapi.json");
  }

  @Test
  void everyDocumentedOperationAnswers() throws Exception {
    List<String> missing = new ArrayList<>();
    for (var entry : operations().entrySet()) {
      String method = entry.getKey().substring(0, entry.getKey().indexOf(' ')).toUpperCase(Locale.ROOT);
      for (String path : concrete(entry.getKey().substring(method.length() + 1))) {
        String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
        int status = node.send(method, path, node.adminToken(), body).statusCode();
        if (status == 404 || status == 405) {
          missing.add(method + " " + path + " answered " + status);
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  /**
   * The roles an operation lists ({@code x-roles}) are the roles the server lets through: each of
   * them gets past authorization (whatever it then answers: a validation error, a district of
   * its own), every other role is {@code 403 forbidden}, no token {@code 401}. Open311 is left
   * out: its token comes in the form, as {@code api_key}.
   */
  @Test
  void everyOperationAllowsExactlyTheRolesItLists() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (var entry : operations().entrySet()) {
      String method = entry.getKey().substring(0, entry.getKey().indexOf(' ')).toUpperCase(Locale.ROOT);
      String path = entry.getKey().substring(method.length() + 1);
      List<?> roles = entry.getValue().getJsonArray("x-roles").getList();
      if (roles.isEmpty() || path.startsWith("/open311/")) {
        continue;
      }
      String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
      String target = concrete(path).get(0);
      int anonymous = call(method, target, null, body).statusCode();
      if (anonymous != 401) {
        wrong.add(method + " " + path + " without a token: " + anonymous);
      }
      for (Role role : Role.values()) {
        HttpResponse<String> answer = call(method, target, node.token(role), body);
        boolean refused = answer.statusCode() == 401 || answer.statusCode() == 403 && "forbidden".equals(code(answer));
        if (refused == roles.contains(role.wire())) {
          wrong.add(method + " " + path + " as " + role.wire() + ": " + answer.statusCode() + " " + answer.body());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String code(HttpResponse<String> answer) {
    try {
      return new JsonObject(answer.body()).getJsonObject("error").getString("code");
    } catch (RuntimeException notTheApisError) {
      return null;
    }
  }

  /** Every operation, keyed "method path" (method in lower case, the document's path). */
  private static Map<String, JsonObject> operations() {
    Map<String, JsonObject> operations = new java.util.TreeMap<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          operations.put(method + " " + path, item.getJsonObject(method));
        }
      }
    }
    return operations;
  }

  /** The routes of a server verticle of this node, as its router holds them. */
  private static List<Route> routesOfARealServer() throws Exception {
    Vertx vertx = node.node().cluster().vertx();
    HttpServerVerticle verticle = new HttpServerVerticle(node.services());
    String id = vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
    try {
      return List.copyOf(verticle.routes());
    } finally {
      vertx.undeploy(id).await(30, TimeUnit.SECONDS);
    }
  }

  /** Whether the documented path, with real values in it, is one the regular expression takes. */
  private static boolean matchesRegex(String regex, String documentedPath) {
    Pattern pattern = Pattern.compile(regex);
    return concrete(documentedPath).stream().anyMatch(p -> pattern.matcher(p).matches());
  }

  /** The documented path with a real value for each parameter (both formats for Open311). */
  private static List<String> concrete(String path) {
    String id = path.startsWith("/api/v1/incidents") ? fixtures.get("incident")
        : path.startsWith("/api/v1/alerts") ? fixtures.get("alert")
        : path.startsWith("/api/v1/keys") ? fixtures.get("key")
        : fixtures.get("report");
    String filled = path.replace("{id}", id)
        .replace("{mediaId}", fixtures.get("media"))
        .replace("{jti}", fixtures.get("jti"))
        .replace("{service_code}", "fire")
        .replace("{service_request_id}", fixtures.get("report"))
        .replace("{token}", fixtures.get("report"));
    List<String> concrete = path.contains("{format}")
        ? List.of(filled.replace("{format}", "json"), filled.replace("{format}", "xml"))
        : List.of(filled);
    assertThat(String.join(" ", concrete)).as("a fixture for every path parameter of " + path).doesNotContain("{");
    return concrete;
  }

  /** Things to name in paths: a report with a photo and its (alerting) incident, an alert, a key, a link. */
  private static Map<String, String> fixtures() throws Exception {
    String admin = node.adminToken();
    JsonObject report = node.report("{\"category\":\"fire\",\"location\":{\"lon\":34.5712,\"lat\":31.6688}}");
    JsonObject media = created(node.postBytes(
        "/api/v1/reports/" + report.getString("id") + "/media", admin, "image/png", TestImages.pngWithText(), Map.of()));
    JsonObject alert = created(node.post("/api/v1/alerts", admin, "{\"sourceId\":\"openapi-it\",\"areas\":[\"ashkelon-south\"]}"));
    JsonObject key = created(node.post("/api/v1/keys", admin, "{\"name\":\"openapi-it\"}"));
    JsonObject link = created(node.post("/api/v1/devices/links", admin,
        "{\"subject\":\"patrol-openapi\",\"districts\":[\"shimshon\"],\"ttl\":\"1h\"}"));
    return Map.of(
        "report", report.getString("id"),
        "incident", report.getString("incident"),
        "media", media.getString("id"),
        "alert", alert.getString("id"),
        "key", key.getString("id"),
        "jti", link.getString("jti"));
  }

  private static JsonObject created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }
}
