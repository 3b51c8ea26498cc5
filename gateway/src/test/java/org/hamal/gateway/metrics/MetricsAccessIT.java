package org.hamal.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.EndToEndIT.assertError;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may read {@code GET /metrics}: this machine only by default, or a token with a role. */
class MetricsAccessIT {

  @TempDir Path data;

  @Test
  void byDefaultOnlyThisMachineReadsTheMetrics() throws Exception {
    InetAddress outward = nonLoopbackAddress();
    // Bound to every address, so the same node is asked from loopback and from outside it.
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), Map.of("HAMAL_HTTP_HOST", "0.0.0.0"))) {
      assertThat(node.get("/metrics", null).statusCode()).isEqualTo(200);
      HttpResponse<String> fromOutside = metrics(outward, node, "Authorization", "Bearer " + node.adminToken());
      // Not even an admin token opens it from elsewhere: access is loopback.
      assertError(fromOutside, 403, "forbidden");
      // Nor a header claiming loopback.
      assertError(metrics(outward, node, "X-Forwarded-For", "127.0.0.1"), 403, "forbidden");
    }
  }

  @Test
  void behindTrustedProxiesOnlyTheSocketsOwnPeerCounts() throws Exception {
    InetAddress outward = nonLoopbackAddress();
    // Both addresses trusted as proxies: what they forward is the client for limits and logs, but
    // never for /metrics, or a proxy on this machine would open it to everyone it forwards.
    String yaml = "http:\n  trustedProxies: [127.0.0.1, " + outward.getHostAddress() + "]\n";
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), Map.of("HAMAL_HTTP_HOST", "0.0.0.0"), yaml)) {
      for (String forwarded : new String[] {"127.0.0.1", "::1", "203.0.113.7, 127.0.0.1"}) {
        assertError(metrics(outward, node, "X-Forwarded-For", forwarded), 403, "forbidden");
      }
      // From this machine it opens, whoever the header names.
      assertThat(metrics(InetAddress.getLoopbackAddress(), node, "X-Forwarded-For", "203.0.113.7").statusCode())
          .isEqualTo(200);
    }
  }

  private static HttpResponse<String> metrics(InetAddress from, RunningNode node, String header, String value)
      throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + from.getHostAddress() + ":" + node.port() + "/metrics"))
            .header(header, value)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withRoleAccessATokenWithThatRoleIsNeeded() throws Exception {
    try (RunningNode node = RunningNode.start(data, TestClusters.random(), Map.of(),
        "metrics:\n  access: role\n  role: supervisor\n")) {
      assertError(node.get("/metrics", null), 401, "unauthorized");
      assertError(node.get("/metrics", node.token(Role.DISPLAY)), 403, "forbidden");
      HttpResponse<String> allowed = node.get("/metrics", node.token(Role.SUPERVISOR));
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).contains("hamal_mode");
    }
  }

  /** An IPv4 address of this machine that is not loopback (the test machine's network interface). */
  private static InetAddress nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return a;
        }
      }
    }
    throw new AssertionError("this test needs a network interface besides loopback");
  }
}
