package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.core.json.Json;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
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
 * resolved); every route of the server's router is in it; every operation in it answers, when
 * called with the admin token and an empty body, with anything but 404 or 405 (a 4xx validation
 * error proves the route is there), with a documented status, media type and body shape; and its
 * {@code x-roles} are the roles the router lets through. Path parameters are real: a report with
 * a photo, its incident, an alert, an API key and a device link, made first.
 */
class OpenApiIT {

  private static final String DOCUMENT = "/api/v1/openapi.json";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final Pattern VERTX_PARAM = Pattern.compile(":(\\w+)");
  /** JSON Schema 2020-12, as OpenAPI 3.1's; every error listed, not a bare flag. */
  private static final JsonSchemaOptions SCHEMA_OPTIONS =
      new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app:///").setOutputFormat(OutputFormat.Basic);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  // The bench switches on, so that their routes exist and are checked too.
  @RegisterExtension
  static final RunningNode node =
      RunningNode.extension().withEnv(Map.of("HAMAL_BENCH_NOOP", "true", "HAMAL_BENCH_FANOUT", "true"));

  private static JsonObject document;
  private static Map<String, String> fixtures;
  /** The fixtures' creations, by "method path" as documented. */
  private static final Map<String, HttpResponse<String>> created = new java.util.TreeMap<>();

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
    resolvedDocument(); // fails on a reference to nothing

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
        int status = callEmpty(method, path, node.adminToken()).statusCode();
        if (status == 404 || status == 405) {
          missing.add(method + " " + path + " answered " + status);
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  /**
   * What the server answers is what the document says: every operation, called as above, answers
   * a status the document lists for it, in a documented media type, and a JSON body that its
   * schema (references resolved, JSON Schema 2020-12) takes. So the schemas are the answers'
   * shapes, errors included.
   */
  @Test
  void everyAnswerIsOfADocumentedStatusAndShape() throws Exception {
    JsonObject resolved = resolvedDocument();
    List<String> wrong = new ArrayList<>();
    int validated = 0;
    for (String key : operations().keySet()) {
      String verb = key.substring(0, key.indexOf(' ')).toUpperCase(Locale.ROOT);
      for (String target : concrete(key.substring(verb.length() + 1))) {
        HttpResponse<String> answer = callEmpty(verb, target, node.adminToken());
        validated += checkAnswer(responsesOf(resolved, key), verb + " " + target, answer, wrong);
      }
    }
    // And the fixtures' answers: what a successful creation looks like.
    for (var made : created.entrySet()) {
      validated += checkAnswer(responsesOf(resolved, made.getKey()), made.getKey(), made.getValue(), wrong);
    }
    // And answers an empty call cannot have (their parameters are required): in a district and outside all.
    for (String point : List.of("lon=34.5712&lat=31.6688", "lon=0&lat=0")) {
      HttpResponse<String> located = node.get("/api/v1/districts/locate?" + point, null);
      assertThat(located.statusCode()).as(located.body()).isEqualTo(200);
      validated += checkAnswer(responsesOf(resolved, "get /api/v1/districts/locate"), "locate?" + point, located, wrong);
    }
    assertThat(wrong).isEmpty();
    assertThat(validated).as("answers checked against their schemas").isGreaterThan(40);
  }

  /**
   * The examples of request bodies are bodies the documented schema takes, and the server too: a
   * creation's example (a POST) is sent as it is and answered 2xx.
   */
  @Test
  void theExamplesAreBodiesTheSchemaAndTheServerTake() throws Exception {
    JsonObject resolved = resolvedDocument();
    List<String> wrong = new ArrayList<>();
    int examples = 0;
    for (var operation : operations().entrySet()) {
      String key = operation.getKey();
      int space = key.indexOf(' ');
      // The example as written: the resolver marks every object it copies, examples too.
      Object example = jsonBody(operation.getValue()).getValue("example");
      if (example == null) {
        continue;
      }
      examples++;
      JsonObject schema = jsonBody(resolved.getJsonObject("paths").getJsonObject(key.substring(space + 1))
          .getJsonObject(key.substring(0, space))).getJsonObject("schema");
      OutputUnit result = Validator.create(JsonSchema.of(schema), SCHEMA_OPTIONS).validate(example);
      if (!result.getValid()) {
        wrong.add(key + ": its example does not pass its schema: " + result.getErrors());
      }
      if (key.startsWith("post ")) {
        String target = concrete(key.substring(space + 1)).get(0);
        HttpResponse<String> answer = call("POST", target, node.adminToken(), Json.encode(example));
        if (answer.statusCode() / 100 != 2) {
          wrong.add(key + ": its example answered " + answer.statusCode() + " " + answer.body());
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(examples).isGreaterThanOrEqualTo(5);
  }

  /** The document with every reference replaced by what it names. */
  private static JsonObject resolvedDocument() throws Exception {
    Vertx vertx = node.node().cluster().vertx();
    OpenAPIVersion version = OpenAPIVersion.fromContract(document);
    SchemaRepository schemas = version.getRepository(vertx, "app:///").await(30, TimeUnit.SECONDS);
    return version.resolve(vertx, schemas, document.copy()).await(30, TimeUnit.SECONDS);
  }

  /** An operation's JSON request body (schema, example), or an empty object. */
  private static JsonObject jsonBody(JsonObject operation) {
    return operation.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
        .getJsonObject("application/json", new JsonObject());
  }

  /** The documented responses of the operation "method path", from the resolved document. */
  private static JsonObject responsesOf(JsonObject resolved, String operation) {
    int space = operation.indexOf(' ');
    return resolved.getJsonObject("paths").getJsonObject(operation.substring(space + 1))
        .getJsonObject(operation.substring(0, space)).getJsonObject("responses");
  }

  /** Adds what is wrong with {@code answer} by {@code responses}; 1 when its body was validated. */
  private static int checkAnswer(
      JsonObject responses, String call, HttpResponse<String> answer, List<String> wrong) {
    String where = call + " answered " + answer.statusCode();
    String type = answer.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse(null);
    JsonObject documented = responses.getJsonObject(String.valueOf(answer.statusCode()));
    if (documented == null) {
      wrong.add(where + ", not a documented status: " + type + " " + answer.body());
      return 0;
    }
    JsonObject content = documented.getJsonObject("content");
    if (type == null || answer.body().isEmpty()) {
      return 0;
    }
    if (content == null || !content.containsKey(type)) {
      wrong.add(where + " in " + type + ", not a documented media type");
      return 0;
    }
    JsonObject schema = content.getJsonObject(type).getJsonObject("schema");
    if (schema == null || schema.isEmpty() || !type.endsWith("json")) {
      return 0;
    }
    OutputUnit result = Validator.create(JsonSchema.of(schema), SCHEMA_OPTIONS).validate(Json.decodeValue(answer.body()));
    if (!result.getValid()) {
      wrong.add(where + ": " + result.getErrors() + " in " + answer.body());
    }
    return 1;
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
      String target = concrete(path).get(0);
      int anonymous = callEmpty(method, target, null).statusCode();
      if (anonymous != 401) {
        wrong.add(method + " " + path + " without a token: " + anonymous);
      }
      for (Role role : Role.values()) {
        HttpResponse<String> answer = callEmpty(method, target, node.token(role));
        boolean refused = answer.statusCode() == 401 || answer.statusCode() == 403 && "forbidden".equals(code(answer));
        if (refused == roles.contains(role.wire())) {
          wrong.add(method + " " + path + " as " + role.wire() + ": " + answer.statusCode() + " " + answer.body());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** The call with no body (GET, DELETE) or an empty object: enough to reach a route's handler. */
  private static HttpResponse<String> callEmpty(String method, String path, String token) throws Exception {
    return call(method, path, token, method.equals("GET") || method.equals("DELETE") ? null : "{}");
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
    JsonObject report = created("post /api/v1/reports", node.post("/api/v1/reports", admin,
        "{\"category\":\"fire\",\"location\":{\"lon\":34.5712,\"lat\":31.6688},"
            + "\"reporter\":{\"name\":\"דנה\",\"phone\":\"050-1234567\"}}"));
    JsonObject media = created("post /api/v1/reports/{id}/media", node.postBytes(
        "/api/v1/reports/" + report.getString("id") + "/media", admin, "image/png", TestImages.pngWithText(), Map.of()));
    JsonObject alert = created("post /api/v1/alerts",
        node.post("/api/v1/alerts", admin, "{\"sourceId\":\"openapi-it\",\"areas\":[\"ashkelon-south\"]}"));
    JsonObject key = created("post /api/v1/keys", node.post("/api/v1/keys", admin, "{\"name\":\"openapi-it\"}"));
    JsonObject link = created("post /api/v1/devices/links", node.post("/api/v1/devices/links", admin,
        "{\"subject\":\"patrol-openapi\",\"districts\":[\"shimshon\"],\"ttl\":\"1h\"}"));
    return Map.of(
        "report", report.getString("id"),
        "incident", report.getString("incident"),
        "media", media.getString("id"),
        "alert", alert.getString("id"),
        "key", key.getString("id"),
        "jti", link.getString("jti"));
  }

  private static JsonObject created(String operation, HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    created.put(operation, response);
    return new JsonObject(response.body());
  }
}
