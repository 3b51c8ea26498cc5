package org.hamal.gateway.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.hamal.cluster.store.StoreOptions;

/**
 * Reads the configuration: built-in defaults, then a YAML file, then environment variables, each
 * overriding the one before. Unknown keys are errors, so a typo never silently does nothing.
 */
public final class ConfigLoader {

  /** Environment variables and the configuration key each sets. */
  public static final Map<String, String> ENVIRONMENT =
      Map.ofEntries(
          Map.entry("HAMAL_HTTP_HOST", "/http/host"),
          Map.entry("HAMAL_HTTP_PORT", "/http/port"),
          Map.entry("HAMAL_PUBLIC_URL", "/http/publicUrl"),
          Map.entry("HAMAL_TRUSTED_PROXIES", "/http/trustedProxies"),
          Map.entry("HAMAL_DATA_DIR", "/dataDir"),
          Map.entry("HAMAL_TIME_ZONE", "/timeZone"),
          Map.entry("HAMAL_LAYER_PATH", "/layer/path"),
          Map.entry("HAMAL_LAYER_CRS", "/layer/crs"),
          Map.entry("HAMAL_CLUSTER_NAME", "/cluster/name"),
          Map.entry("HAMAL_CLUSTER_HOST", "/cluster/host"),
          Map.entry("HAMAL_CLUSTER_PUBLIC_ADDRESS", "/cluster/publicAddress"),
          Map.entry("HAMAL_CLUSTER_PORT", "/cluster/port"),
          Map.entry("HAMAL_CLUSTER_MEMBERS", "/cluster/members"),
          Map.entry("HAMAL_STORE_URL", "/store/url"),
          Map.entry("HAMAL_STORE_USER", "/store/user"),
          Map.entry("HAMAL_STORE_PASSWORD", "/store/password"),
          Map.entry("HAMAL_ADMIN_TOKEN", "/auth/adminToken"),
          Map.entry("HAMAL_JWT_SECRET", "/auth/jwtSecret"),
          Map.entry("HAMAL_MAP_TILE_URL", "/map/tileUrl"),
          Map.entry("HAMAL_CAP_SENDER", "/exports/cap/sender"),
          Map.entry("HAMAL_BENCH_NOOP", "/bench/noopEndpoint"),
          Map.entry("HAMAL_BENCH_FANOUT", "/bench/fanoutEndpoint"));

  /** The file read when neither --config nor HAMAL_CONFIG names one, if it exists. */
  public static final Path DEFAULT_FILE = Path.of("hamal.yaml");

  private static final String DEFAULTS = "hamal-defaults.yaml";

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /**
   * Loads the configuration.
   *
   * @param file a YAML file, or null to use {@code HAMAL_CONFIG} or {@code ./hamal.yaml} if any
   * @param env the environment (System.getenv() in production)
   */
  public HamalConfig load(Path file, Map<String, String> env) throws ConfigException {
    ObjectNode tree = defaults();
    Path source = file != null ? file : fileFromEnvironment(env);
    if (source != null) {
      merge(tree, read(source));
    }
    applyEnvironment(tree, env);
    HamalConfig config;
    try {
      config = yaml.treeToValue(tree, HamalConfig.class);
    } catch (JsonMappingException e) {
      String path =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .reduce((a, b) -> a + "." + b)
              .orElse("(top)");
      throw new ConfigException("invalid configuration at " + path + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("invalid configuration: " + e.getMessage(), e);
    }
    return withDerivedDefaults(config);
  }

  private ObjectNode defaults() throws ConfigException {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      return (ObjectNode) yaml.readTree(in);
    } catch (IOException | NullPointerException e) {
      throw new ConfigException("built-in defaults unreadable", e);
    }
  }

  private static Path fileFromEnvironment(Map<String, String> env) {
    String named = env.get("HAMAL_CONFIG");
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    return Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null;
  }

  private JsonNode read(Path file) throws ConfigException {
    try {
      JsonNode node = yaml.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return yaml.createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(file + ": expected a YAML mapping at the top", null);
      }
      return node;
    } catch (IOException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** Deep merge: objects merge key by key, anything else replaces. */
  private static void merge(ObjectNode target, JsonNode overrides) {
    Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode obj && field.getValue().isObject()) {
        merge(obj, field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private void applyEnvironment(ObjectNode tree, Map<String, String> env) {
    ENVIRONMENT.forEach(
        (variable, pointer) -> {
          String value = env.get(variable);
          if (value == null || value.isEmpty()) {
            return;
          }
          int slash = pointer.lastIndexOf('/');
          ObjectNode parent =
              slash == 0 ? tree : (ObjectNode) tree.withObject(pointer.substring(0, slash));
          String key = pointer.substring(slash + 1);
          if (parent.get(key) instanceof ArrayNode) {
            ArrayNode list = parent.putArray(key);
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
          } else {
            parent.put(key, value);
          }
        });
  }

  private static HamalConfig withDerivedDefaults(HamalConfig c) {
    StoreOptions store = c.store();
    if (store.embeddedDir() == null || store.embeddedDir().isBlank()) {
      store = store.withEmbeddedDir(c.dataPath().resolve("postgres").toString());
    }
    return new HamalConfig(
        c.http(), c.dataDir(), c.timeZone(), c.layer(), c.places(), c.cluster(), store, c.auth(), c.reports(),
        c.map(), c.live(), c.triage(), c.mode(), c.emergency(), c.admission(), c.incidents(), c.sla(), c.media(),
        c.patrollers(), c.devices(), c.bench(), c.exports(), c.open311(), c.keys(), c.alerts(),
        c.metrics(), c.logs(), c.limits());
  }
}
