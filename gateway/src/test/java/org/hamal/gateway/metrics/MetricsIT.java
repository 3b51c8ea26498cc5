package org.hamal.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.hamal.cluster.Eventually;
import org.hamal.gateway.EndToEndIT;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics} on a real node: Vert.x's, the JVM's and Hamal's meters, as they change. */
class MetricsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String REPORT = EndToEndIT.REPORT;
  private static final String[] HAZARD_BY_CALL_TAKER = {"channel", "call-taker", "category", "hazard"};

  @RegisterExtension
  static final RunningNode node = RunningNode.extension()
      .withConfig("metrics:\n  clusterCheckSeconds: 1\n  eventLoopProbeMillis: 50\n");

  @Test
  void reportsAcceptedAndRefusedAreCountedByChannelCategoryAndReason() throws Exception {
    String intake = node.tokenFor("metrics-intake", Role.INTAKE);
    Scrape before = scrape();

    assertThat(node.post("/api/v1/reports", intake, REPORT).statusCode()).isEqualTo(201);
    assertThat(node.post("/api/v1/reports", intake, REPORT).statusCode()).isEqualTo(201);
    // Outside every district: a 422 counted with its code.
    String outside = REPORT.replace("34.5712", "35.2").replace("31.6688", "31.77");
    assertThat(node.post("/api/v1/reports", intake, outside).statusCode()).isEqualTo(422);
    // Not JSON at all: neither channel nor category is known.
    assertThat(node.post("/api/v1/reports", intake, "{nope").statusCode()).isEqualTo(400);

    Scrape after = scrape();
    assertThat(after.count("hamal_reports_accepted_total", HAZARD_BY_CALL_TAKER)
        - before.count("hamal_reports_accepted_total", HAZARD_BY_CALL_TAKER)).isEqualTo(2);
    assertThat(after.count("hamal_reports_refused_total",
            "channel", "call-taker", "category", "hazard", "reason", "outside_service_area")
        - before.count("hamal_reports_refused_total",
            "channel", "call-taker", "category", "hazard", "reason", "outside_service_area")).isEqualTo(1);
    assertThat(after.count("hamal_reports_refused_total", "category", "invalid", "reason", "malformed_json")
        - before.count("hamal_reports_refused_total", "category", "invalid", "reason", "malformed_json")).isEqualTo(1);
    // Each accepted report went through a group commit.
    assertThat(after.count("hamal_commit_batch_size_sum") - before.count("hamal_commit_batch_size_sum"))
        .isGreaterThanOrEqualTo(2);
    assertThat(after.count("hamal_commit_latency_seconds_count", "outcome", "committed")).isPositive();
    assertThat(after.value("hamal_commit_queued")).isNotNull();
  }

  @Test
  void vertxAndJvmMetersAreServed() throws Exception {
    assertThat(node.get("/health", null).statusCode()).isEqualTo(200); // one request ended before the scrape
    HttpResponse<String> response = node.get("/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    Scrape scrape = new Scrape(response.body());
    assertThat(scrape.count("vertx_http_server_requests_total", "code", "200", "method", "GET")).isPositive();
    assertThat(scrape.has("vertx_http_server_response_time_seconds")).isTrue();
    assertThat(scrape.has("vertx_pool_")).as("worker pools").isTrue();
    assertThat(scrape.sum("jvm_memory_used_bytes", "area", "heap")).isPositive();
    assertThat(scrape.value("jvm_threads_live_threads")).isPositive();
    assertThat(scrape.has("jvm_gc_")).isTrue();
    assertThat(scrape.has("netty_eventexecutor_tasks_pending")).as("Netty's event loops").isTrue();
    Scrape probed = Eventually.until(MetricsIT::scrape,
        s -> s.count("hamal_event_loop_delay_seconds_count") > 0, PATIENCE);
    assertThat(probed.count("hamal_event_loop_delay_seconds_count")).isPositive();
  }

  @Test
  void modeAlertsLiveClientsAndTheClusterAreGauged() throws Exception {
    String supervisor = node.token(Role.SUPERVISOR);
    assertThat(scrape().value("hamal_mode")).isEqualTo(0.0);
    assertThat(node.send("PUT", "/api/v1/mode", supervisor, "{\"mode\":\"emergency\",\"reason\":\"drill\"}").statusCode())
        .isEqualTo(200);
    try {
      assertThat(Eventually.until(MetricsIT::scrape, s -> s.value("hamal_mode") == 2.0, PATIENCE).value("hamal_mode"))
          .isEqualTo(2.0);
    } finally {
      node.send("PUT", "/api/v1/mode", supervisor, "{\"mode\":\"routine\",\"reason\":\"drill over\"}");
    }

    double alertsBefore = scrape().value("hamal_alerts_active");
    String relay = node.token(Role.ALERTS);
    assertThat(node.post("/api/v1/alerts", relay,
        "{\"sourceId\":\"metrics-1\",\"areas\":[\"ashkelon-south\"],\"threat\":\"rockets\",\"staySeconds\":600}").statusCode())
        .isEqualTo(201);
    assertThat(Eventually.until(MetricsIT::scrape, s -> s.value("hamal_alerts_active") == alertsBefore + 1, PATIENCE)
        .value("hamal_alerts_active")).isEqualTo(alertsBefore + 1);

    try (LiveClient screen = LiveClient.connect(node.liveUri(), node.token(Role.DISPLAY))) {
      assertThat(screen.next("hello", 30)).as("the server greeted the screen").isNotNull();
      Scrape live = Eventually.until(MetricsIT::scrape, s -> s.value("hamal_live_subscribers") >= 1, PATIENCE);
      assertThat(live.value("hamal_live_subscribers")).isGreaterThanOrEqualTo(1);
      assertThat(live.value("vertx_http_server_active_ws_connections")).isGreaterThanOrEqualTo(1);
    }
    Scrape scrape = scrape();
    assertThat(scrape.value("hamal_live_dropped_total", "reason", "slow")).isEqualTo(0.0);
    assertThat(scrape.value("hamal_cluster_members")).isEqualTo(1.0);
    assertThat(Eventually.until(MetricsIT::scrape, s -> s.value("hamal_cluster_partitions_safe") == 1.0, PATIENCE)
        .value("hamal_cluster_partitions_safe")).isEqualTo(1.0);
  }

  @Test
  void openReportsAreGaugedByDistrict() throws Exception {
    String intake = node.tokenFor("metrics-open", Role.INTAKE);
    String district = new io.vertx.core.json.JsonObject(node.post("/api/v1/reports", intake, REPORT).body())
        .getString("district");
    Scrape counted = Eventually.until(MetricsIT::scrape,
        s -> s.count("hamal_reports_open", "district", district) >= 1, PATIENCE);
    assertThat(counted.count("hamal_reports_open", "district", district)).isGreaterThanOrEqualTo(1);
  }

  static Scrape scrape() throws Exception {
    HttpResponse<String> response = node.get("/metrics", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new Scrape(response.body());
  }
}
