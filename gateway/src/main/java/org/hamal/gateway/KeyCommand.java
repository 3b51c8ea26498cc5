package org.hamal.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hamal.gateway.auth.Secrets;
import org.hamal.gateway.config.HamalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * API keys from the command line. It talks to a running node over HTTP with the admin token (as
 * configured, or from the data directory): the node records the key in the store and announces a
 * revocation to the whole cluster at once, which a command reading the store itself could not.
 */
@Command(
    name = "key",
    description = "Create, list and revoke API keys on a running node (with the admin token).",
    mixinStandardHelpOptions = true,
    subcommands = {KeyCommand.Create.class, KeyCommand.ListKeys.class, KeyCommand.Revoke.class})
final class KeyCommand implements Callable<Integer> {

  private static final String KEYS = "/api/v1/keys";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @ParentCommand Main main;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
      description = "a running node of the cluster (default: ${DEFAULT-VALUE})")
  String url;

  @Override
  public Integer call() {
    System.err.println("key create | key list | key revoke <id> (see key --help)");
    return 2;
  }

  @Command(name = "create", description = "Create a key; its token is printed once.", mixinStandardHelpOptions = true)
  static final class Create implements Callable<Integer> {
    @ParentCommand KeyCommand key;

    @Option(names = "--name", required = true, description = "the integration, e.g. municipal-app (subject key:<name>)")
    String name;

    @Option(names = "--channel", description = "a channel its reports may name (repeatable; default: any)")
    List<String> channels = new ArrayList<>();

    @Option(names = "--rate", description = "at most this many reports a minute (per node)")
    Integer rate;

    @Option(names = "--ttl-days", description = "lifetime in days (default: keys.defaultTtlDays)")
    Integer ttlDays;

    @Override
    public Integer call() throws Exception {
      JsonObject body = new JsonObject().put("name", name);
      if (!channels.isEmpty()) {
        body.put("channels", new JsonArray(channels));
      }
      body.put("ratePerMinute", rate).put("ttlDays", ttlDays);
      body.getMap().values().removeIf(v -> v == null);
      HttpResponse<String> answer = key.send("POST", KEYS, body.encode());
      if (answer.statusCode() != 201) {
        return key.failed(answer);
      }
      JsonObject created = new JsonObject(answer.body());
      System.out.println("id:      " + created.getString("id"));
      System.out.println("subject: " + created.getString("subject"));
      System.out.println("expires: " + created.getString("expiresAt"));
      System.out.println("token (shown once, never stored):");
      System.out.println(created.getString("token"));
      return 0;
    }
  }

  @Command(name = "list", description = "List the keys not yet expired.", mixinStandardHelpOptions = true)
  static final class ListKeys implements Callable<Integer> {
    @ParentCommand KeyCommand key;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> answer = key.send("GET", KEYS, null);
      if (answer.statusCode() != 200) {
        return key.failed(answer);
      }
      for (Object o : new JsonObject(answer.body()).getJsonArray("keys")) {
        JsonObject k = (JsonObject) o;
        System.out.println(String.join("\t", k.getString("id"), k.getString("name"),
            k.getJsonArray("channels").isEmpty() ? "any channel" : String.join(",", k.getJsonArray("channels").stream().map(String::valueOf).toList()),
            k.getValue("ratePerMinute") == null ? "no rate" : k.getValue("ratePerMinute") + "/min",
            "expires " + k.getString("expiresAt"),
            k.getValue("revokedAt") == null ? "active" : "revoked " + k.getString("revokedAt")));
      }
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a key, on every node within a second.", mixinStandardHelpOptions = true)
  static final class Revoke implements Callable<Integer> {
    @ParentCommand KeyCommand key;

    @Parameters(index = "0", description = "the key's id (key list)")
    String id;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> answer = key.send("DELETE", KEYS + "/" + id, null);
      if (answer.statusCode() != 204) {
        return key.failed(answer);
      }
      System.out.println("revoked " + id);
      return 0;
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HamalConfig config = main.loadConfig();
    String admin = Secrets.configuredOrExisting(config.auth().adminToken(), config.dataPath(), Secrets.ADMIN_TOKEN_FILE)
        .orElseThrow(() -> new IllegalStateException(
            "no admin token: set HAMAL_ADMIN_TOKEN, or run this where the node's data directory is"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + admin)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The node's refusal, as it said it; a non-zero exit. */
  private int failed(HttpResponse<String> answer) {
    System.err.println("The node answered " + answer.statusCode() + ": " + answer.body());
    return 1;
  }
}
