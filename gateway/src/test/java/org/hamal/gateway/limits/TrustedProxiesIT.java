package org.hamal.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-address limit behind a reverse proxy (docs/security.md, "Behind a proxy"), on real nodes
 * over loopback: the test client plays the proxy on 127.0.0.1.
 */
class TrustedProxiesIT {

  /** Requests without a token per address; so slow a rate that nothing refills during a test. */
  private static final int BURST = 5;
  private static final String LIMITS = """
      limits:
        anonymous:
          requestsPerSecond: 0.001
          burst: %d
          maxAddresses: 1000
      """.formatted(BURST);
  private static final String BEHIND_A_PROXY = LIMITS + """
      http:
        trustedProxies: [127.0.0.1]
      """;
  private static final String PUBLIC = "/api/v1/districts";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @RegisterExtension
  static final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES).withConfig(BEHIND_A_PROXY);

  @Test
  void eachClientTheProxyForwardsHasItsOwnBucket() throws Exception {
    String resident = "203.0.113.10";
    assertThat(acceptedUntilRefused(node, resident)).isEqualTo(BURST);
    // Another resident behind the same proxy is not affected.
    for (int i = 0; i < BURST; i++) {
      assertThat(get(node, "203.0.113.20").statusCode()).as("the other resident's request " + i).isEqualTo(200);
    }
    // What the first resident writes into the header itself lies left of what the proxy appended:
    // never read, so it buys no fresh bucket.
    assertRateLimited(get(node, "198.51.100.99, " + resident));
    // Through a second trusted proxy (127.0.0.1 again), still that resident.
    assertRateLimited(get(node, resident + ", 127.0.0.1"));
  }

  @Test
  void aHeaderThatNamesNoAddressIsCountedAgainstTheProxyAndNeverFails() throws Exception {
    int accepted = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i <= BURST; i++) {
      last = get(node, i % 2 == 0 ? "unknown" : "not-an-address, 203.0.113.x");
      assertThat(last.statusCode()).as(last.body()).isIn(200, 429);
      accepted += last.statusCode() == 200 ? 1 : 0;
    }
    // The proxy's own bucket (127.0.0.1) took them all; a named resident still passes.
    assertThat(accepted).isEqualTo(BURST);
    assertRateLimited(last);
    assertThat(get(node, "203.0.113.30").statusCode()).isEqualTo(200);
  }

  @Test
  void withoutTrustedProxiesAForgedHeaderDoesNotEscapeTheLimit(@TempDir Path data) throws Exception {
    try (RunningNode direct = RunningNode.start(data, TestClusters.random(), RunningNode.NO_TILES, LIMITS)) {
      int accepted = 0;
      HttpResponse<String> last = null;
      for (int i = 0; i <= BURST; i++) {
        last = get(direct, "203.0.113." + (100 + i)); // a new "client" each time
        accepted += last.statusCode() == 200 ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(BURST);
      assertRateLimited(last);
    }
  }

  /** Requests from one forwarded client until the first refusal: how many were accepted. */
  private static int acceptedUntilRefused(RunningNode target, String client) throws Exception {
    int accepted = 0;
    HttpResponse<String> answer = get(target, client);
    for (int i = 0; i < 2 * BURST && answer.statusCode() == 200; i++) {
      accepted++;
      answer = get(target, client);
    }
    assertRateLimited(answer);
    return accepted;
  }

  private static HttpResponse<String> get(RunningNode target, String forwardedFor) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(target.uri(PUBLIC)).timeout(Duration.ofSeconds(30))
        .header("X-Forwarded-For", forwardedFor).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertRateLimited(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
    assertThat(new JsonObject(answer.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limited");
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
  }
}
