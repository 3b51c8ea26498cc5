package org.hamal.gateway.alerts;

import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicReference;
import org.hamal.gateway.CurrentLayer;
import org.hamal.geo.Layer;
import org.hamal.geo.alerts.AlertAreaFile;
import org.hamal.geo.alerts.AlertAreas;

/**
 * The alert areas this node uses, indexed with the district layer it routes with: one immutable
 * {@link AlertAreas}, rebuilt off the event loop and swapped when the layer changes.
 */
public final class AlertAreasService {

  private final Vertx vertx;
  private final CurrentLayer layer;
  private final AtomicReference<AlertAreas> current = new AtomicReference<>();

  public AlertAreasService(Vertx vertx, CurrentLayer layer, AlertAreaFile initial) {
    this.vertx = vertx;
    this.layer = layer;
    current.set(AlertAreas.of(initial, layer.layer()));
  }

  public AlertAreas current() {
    return current.get();
  }

  /** The node routes with another layer: the areas' districts are found again. */
  public void layerChanged() {
    AlertAreas before = current.get();
    Layer now = layer.layer();
    if (before.layer() == now) {
      return;
    }
    vertx.executeBlocking(() -> AlertAreas.of(before.file(), now), false)
        .onSuccess(after -> {
          current.compareAndSet(before, after);
          layerChanged(); // another file or layer may have come meanwhile
        });
  }
}
