package org.hamal.gateway.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.config.ReportsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's meters, in one Prometheus registry: Vert.x's own (HTTP, WebSocket, pools, Netty), the
 * JVM's, and Hamal's ({@code hamal_*}). Every gauge reads a value the node already holds; what
 * needs the cluster is asked periodically by {@link MetricsVerticle}, never per scrape. A meter
 * never fails a request: gauges that cannot be read answer NaN.
 */
public final class NodeMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);
  /** Partition safety before the first check, or when a check failed. */
  static final int UNKNOWN = -1;
  private static final java.util.Set<String> METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Vert.x keeps registries by name, JVM-wide: each node (tests run several) has its own. */
  private final String name = "hamal-" + UUID.randomUUID();
  private final ReportCounts reports;
  private final Timer eventLoopDelay;
  private final MultiGauge openByDistrict;
  private volatile int partitionsSafe = UNKNOWN;

  public NodeMetrics(ReportsConfig reportsConfig) {
    // Vert.x labels requests with their method as sent, and the HTTP parser takes any token as a
    // method: each made-up one would be a new series, without bound.
    registry.config().meterFilter(MeterFilter.replaceTagValues("method", m -> METHODS.contains(m) ? m : "OTHER"));
    reports = new ReportCounts(registry, reportsConfig);
    eventLoopDelay = Timer.builder("hamal.event.loop.delay")
        .description("How late a probe task ran on an event loop after it was due")
        .register(registry);
    openByDistrict = MultiGauge.builder("hamal.reports.open")
        .description("Open reports by district, as this node's live feed counts them")
        .register(registry);
  }

  /** What Vert.x is built with so that it reports into this registry. */
  public VertxMetricsFactory factory() {
    return new MicrometerMetricsFactory(registry);
  }

  /** Vert.x's metrics options: HTTP, WebSocket, pools, Netty's event loops, and the JVM. */
  public MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(name)
        .setJvmMetricsEnabled(true)
        .setNettyMetricsEnabled(true);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public ReportCounts reports() {
    return reports;
  }

  Timer eventLoopDelay() {
    return eventLoopDelay;
  }

  void partitionsSafe(int safe) {
    partitionsSafe = safe;
  }

  /** Registers the meters that read the node's services; once, after they exist. */
  public void bind(NodeServices services) {
    gauge("hamal.mode", "The city's mode: 0 routine, 2 emergency",
        () -> services.mode().current().mode().level());
    gauge("hamal.alerts.active", "Active rocket alerts this node knows of",
        () -> services.alerts().active().size());
    gauge("hamal.live.subscribers", "Live clients connected to this node",
        () -> services.live().connections());
    for (String reason : List.of("slow", "silent")) {
      FunctionCounter.builder("hamal.live.dropped", services.live(), hub -> hub.dropped(reason))
          .description("Live clients this node dropped: too slow to read, or silent past live.deadAfterSeconds")
          .tag("reason", reason)
          .register(registry);
    }
    FunctionCounter.builder("hamal.live.delivery.cpu", services.live(), hub -> hub.deliveryCpuSeconds())
        .description("CPU seconds the event loops spent delivering to live clients (the rest of their time is intake and API)")
        .baseUnit("seconds")
        .register(registry);
    gauge("hamal.live.flocks", "Groups of coalesced live clients that share one encoded batch per tick",
        () -> services.live().flocks());
    gauge("hamal.live.tick.millis", "The coalescing tick now; longer while delivery takes more than live.deliveryShare",
        () -> services.live().coalesceTickMillis());
    gauge("hamal.cluster.members", "Members of the cluster as this node sees them",
        () -> services.node().memberCount());
    gauge("hamal.cluster.partitions.safe",
        "1 when every partition has its backups and none migrates, 0 when not, -1 not known yet",
        () -> partitionsSafe);
    gauge("hamal.commit.queued", "Reports waiting for a commit on this node",
        () -> services.reports().queued());
    DistributionSummary batchSize = DistributionSummary.builder("hamal.commit.batch.size")
        .description("Reports per group commit")
        .register(registry);
    Timer committed = commitTimer("committed");
    Timer failed = commitTimer("failed");
    services.reports().onCommit((items, nanos, ok) -> {
      try {
        batchSize.record(items);
        (ok ? committed : failed).record(nanos, TimeUnit.NANOSECONDS);
      } catch (RuntimeException e) {
        LOG.debug("Commit not measured", e);
      }
    });
  }

  private Timer commitTimer(String outcome) {
    return Timer.builder("hamal.commit.latency")
        .description("Group commits of reports, from the start of the transaction to its end")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Open reports by district: the districts are the layers' (bounded), the counts this node's. */
  void openByDistrict(Map<String, Integer> counts) {
    openByDistrict.register(
        counts.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("district", e.getKey()), e.getValue()))
            .toList(),
        true);
  }

  private void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, () -> {
          try {
            return value.get();
          } catch (RuntimeException e) {
            return Double.NaN; // a meter never fails a scrape
          }
        })
        .description(description)
        .register(registry);
  }
}
