package org.hamal.gateway.metrics;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.TimeUnit;
import org.hamal.gateway.NodeServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes what the metrics cannot read for free at a scrape: the cluster's partition safety
 * (it asks other members, so a worker thread, with a timeout) and the open reports by district.
 */
public final class MetricsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsVerticle.class);

  private final NodeServices services;
  private final NodeMetrics metrics;
  private boolean checking;

  public MetricsVerticle(NodeServices services) {
    this.services = services;
    this.metrics = services.metrics();
  }

  @Override
  public Future<?> start() {
    refresh(0);
    vertx.setPeriodic(services.config().metrics().clusterCheckSeconds() * 1000L, this::refresh);
    return Future.succeededFuture();
  }

  private void refresh(long timer) {
    metrics.openByDistrict(services.live().openByDistrict());
    if (checking) {
      return; // the last check has not answered yet
    }
    checking = true;
    var hz = services.node().hazelcast();
    vertx.executeBlocking(() -> hz.getPartitionService().isClusterSafe(), false)
        .timeout(services.config().store().timeoutMillis(), TimeUnit.MILLISECONDS)
        .onComplete(safe -> {
          checking = false;
          if (safe.succeeded()) {
            metrics.partitionsSafe(safe.result() ? 1 : 0);
          } else {
            metrics.partitionsSafe(NodeMetrics.UNKNOWN);
            LOG.debug("Partition safety not known", safe.cause());
          }
        });
  }
}
