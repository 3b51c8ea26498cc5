package org.hamal.gateway.layer;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node on the cluster's version of a city file (the district layer, the place file):
 * adopts the active one before the HTTP server starts, so a node never serves with a stale one,
 * then follows every activation.
 */
public final class LayerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LayerVerticle.class);

  private final Activation<?> layers;

  public LayerVerticle(Activation<?> layers) {
    this.layers = layers;
  }

  @Override
  public Future<?> start() {
    return layers.active().watch(this::activated).compose(v -> layers.adoptActive());
  }

  /** Called on a Hazelcast thread; the work goes back to this verticle's context. */
  private void activated(String version) {
    context.runOnContext(v -> adopt(version));
  }

  private void adopt(String version) {
    layers
        .adopt(version)
        .onFailure(err -> LOG.error("Could not adopt version {}", version, err));
  }
}
