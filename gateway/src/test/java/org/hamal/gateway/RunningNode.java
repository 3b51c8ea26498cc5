package org.hamal.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.TestPostgres;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.auth.Secrets;
import org.hamal.gateway.auth.Tokens;
import org.hamal.gateway.config.ConfigLoader;
import org.hamal.gateway.config.HamalConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Hamal node for tests: an embedded Hazelcast member, a real PostgreSQL store, HTTP on a
 * free loopback port, configured through the same loader and environment variables as production.
 * The store is a database of its own on the test JVM's server ({@link TestPostgres#databaseFor}),
 * shared by the nodes a test starts on one data directory; {@link #EMBEDDED} runs the node's own
 * server instead, as the embedded default does.
 *
 * <p>A test class that needs one node registers it, rather than starting and stopping it itself:
 * {@code @RegisterExtension static final RunningNode node = RunningNode.extension();} starts one
 * for the whole class (a random cluster, a data directory of its own) and stops it after; on an
 * instance field, one for each test. Tests of several nodes, restarts and faults {@link #start}
 * their own.
 */
public final class RunningNode
    implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Map tiles from a port where nothing listens: the ops room has no internet (for page tests). */
  public static final Map<String, String> NO_TILES = Map.of("HAMAL_MAP_TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png");

  /** Environment for a node on the embedded default: its own PostgreSQL in its data directory. */
  public static final Map<String, String> EMBEDDED = Map.of("HAMAL_STORE_URL", "");

  private Map<String, String> env = Map.of();
  private String yaml;
  // Set when the node has started (at once for start(), before the tests for an extension).
  private HamalNode node;
  private int port;
  private Tokens tokens;
  private String secret;
  private String issuer;
  /** An extension's own data directory, deleted after the node stops; null otherwise. */
  private Path ownDataDir;
  private boolean perClass;

  private RunningNode() {}

  /** A node the test class registers; started before its tests (see the class comment). */
  public static RunningNode extension() {
    return new RunningNode();
  }

  /** For an extension: environment variables beyond the test defaults. */
  public RunningNode withEnv(Map<String, String> env) {
    this.env = Map.copyOf(env);
    return this;
  }

  /** For an extension: a configuration file holding {@code yaml}. */
  public RunningNode withConfig(String yaml) {
    this.yaml = yaml;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    startOwn();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      startOwn();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      stopOwn();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stopOwn();
  }

  private void startOwn() throws Exception {
    ownDataDir = java.nio.file.Files.createTempDirectory("hamal-node-");
    startIn(ownDataDir, TestClusters.random());
  }

  private void stopOwn() throws Exception {
    try {
      close();
    } finally {
      deleteRecursively(ownDataDir);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  public static RunningNode start(Path dataDir, ClusterOptions cluster) throws Exception {
    return start(dataDir, cluster, Map.of());
  }

  public static RunningNode start(Path dataDir, ClusterOptions cluster, Map<String, String> env)
      throws Exception {
    return start(dataDir, cluster, env, null);
  }

  /** A node with a configuration file holding {@code yaml} (for settings with no variable). */
  public static RunningNode start(
      Path dataDir, ClusterOptions cluster, Map<String, String> env, String yaml) throws Exception {
    RunningNode started = new RunningNode().withEnv(env).withConfig(yaml);
    started.startIn(dataDir, cluster);
    return started;
  }

  private void startIn(Path dataDir, ClusterOptions cluster) throws Exception {
    int port = freePort();
    Map<String, String> all = new HashMap<>(env);
    if (yaml != null) {
      Path file = java.nio.file.Files.createTempFile(dataDir, "hamal", ".yaml");
      java.nio.file.Files.writeString(file, yaml);
      all.put("HAMAL_CONFIG", file.toString());
    }
    all.putIfAbsent("HAMAL_STORE_URL", TestPostgres.databaseFor(dataDir));
    all.putIfAbsent("HAMAL_HTTP_HOST", "127.0.0.1"); // a test of who may connect binds wider
    all.put("HAMAL_HTTP_PORT", String.valueOf(port));
    all.put("HAMAL_DATA_DIR", dataDir.toString());
    all.put("HAMAL_CLUSTER_NAME", cluster.name());
    all.put("HAMAL_CLUSTER_PORT", String.valueOf(cluster.port()));
    all.put("HAMAL_CLUSTER_MEMBERS", String.join(",", cluster.members()));
    HamalConfig config = new ConfigLoader().load(null, all);
    HamalNode node = new HamalNode(config);
    try {
      node.start().await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      node.stop(Duration.ofSeconds(30));
      throw e;
    }
    String secret =
        Secrets.configuredOrStored(null, config.dataPath(), Secrets.JWT_SECRET_FILE).value();
    this.tokens = new Tokens(node.cluster().vertx(), secret, config.auth().issuer());
    this.secret = secret;
    this.issuer = config.auth().issuer();
    this.port = port;
    this.node = node;
  }

  static int freePort() throws IOException {
    return org.hamal.cluster.TestPorts.free();
  }

  public int port() {
    return port;
  }

  public HamalNode node() {
    return node;
  }

  public NodeServices services() {
    return node.services();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public URI liveUri() {
    return URI.create("ws://127.0.0.1:" + port + "/api/v1/live");
  }

  public String adminToken() {
    return node.adminToken().value();
  }

  public String token(Role role, String... districts) {
    return tokens.mint(role.wire() + "-test", List.of(role), List.of(districts), Duration.ofHours(1));
  }

  /**
   * A token signed with the node's key whose claims are exactly {@code claims} (plus {@code iss}
   * when absent), whatever their types: for tokens the minting code would never write.
   */
  public String signedAsIs(io.vertx.core.json.JsonObject claims) throws Exception {
    io.vertx.core.json.JsonObject payload = claims.copy();
    if (!payload.containsKey("iss")) {
      payload.put("iss", issuer);
    }
    var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "." + b64.encodeToString(payload.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  /** A token for a named subject: idempotency keys are scoped to the subject. */
  public String tokenFor(String subject, Role role) {
    return tokenFor(subject, role, Duration.ofHours(1));
  }

  /** A patroller's token, as a device sign-in link carries it. */
  public String patrollerToken(String subject, String... districts) {
    return tokens.mint(subject, List.of(Role.PATROLLER), List.of(districts), Duration.ofHours(1));
  }

  /** A token that expires after {@code ttl}. */
  public String tokenFor(String subject, Role role, Duration ttl) {
    return tokens.mint(subject, List.of(role), List.of(), ttl);
  }

  public HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> patch(String path, String token, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a report and returns its JSON; fails the test unless it is acknowledged. */
  public io.vertx.core.json.JsonObject report(String body) throws Exception {
    HttpResponse<String> r = post("/api/v1/reports", adminToken(), body);
    if (r.statusCode() != 201) {
      throw new AssertionError("not acknowledged: " + r.statusCode() + " " + r.body());
    }
    return new io.vertx.core.json.JsonObject(r.body());
  }

  public HttpResponse<String> get(String path, String token) throws Exception {
    return HTTP.send(getRequest(path, token), HttpResponse.BodyHandlers.ofString());
  }

  /** The status of /ready once it is 200, or the last one seen within {@code within}; 0 while refused. */
  public int awaitReady(Duration within) throws Exception {
    return Eventually.until(() -> {
      try {
        return get("/ready", null).statusCode();
      } catch (java.io.IOException refused) {
        return 0;
      }
    }, status -> status == 200, within);
  }

  /**
   * Waits until every partition's backups are in sync (after a member joins, partitions migrate
   * for a while, and an operation on a migrating one may outlast the node's timeout: a 503).
   */
  public boolean awaitPartitionsSafe(Duration within) throws Exception {
    return Eventually.until(() -> node.cluster().hazelcast().getPartitionService().isClusterSafe(), safe -> safe, within);
  }

  /** A GET whose body is bytes (a photo). */
  public HttpResponse<byte[]> getBytes(String path, String token) throws Exception {
    return HTTP.send(getRequest(path, token), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest getRequest(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.GET().build();
  }

  public HttpResponse<String> post(String path, String token, String body) throws Exception {
    return post(path, token, body, Map.of());
  }

  public HttpResponse<String> post(
      String path, String token, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return HTTP.send(
        request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts raw bytes (a photo) with the given declared type. */
  public HttpResponse<String> postBytes(
      String path, String token, String contentType, byte[] body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", contentType);
    headers.forEach(request::header);
    return HTTP.send(
        request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Stops the node; a second call does nothing (a test may stop a registered node itself). */
  @Override
  public void close() throws Exception {
    HamalNode stopping = node;
    node = null;
    if (stopping != null) {
      stopping.stop(Duration.ofSeconds(60));
    }
  }
}
