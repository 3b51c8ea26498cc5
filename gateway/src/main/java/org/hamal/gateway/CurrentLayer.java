package org.hamal.gateway;

import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.hamal.geo.Layer;
import org.hamal.geo.LayerGeoJson;

/**
 * The district layer this node routes with, and its GeoJSON encoded once for the maps. Layers
 * are immutable; a new one replaces the reference atomically, so a request sees one layer from
 * start to end.
 */
public final class CurrentLayer {

  /**
   * A layer and its map encoding, always swapped together.
   *
   * @param features each district's GeoJSON Feature by id, for viewport subsets
   */
  public record Snapshot(Layer layer, Buffer geoJson, Map<String, String> features) {}

  private final AtomicReference<Snapshot> current = new AtomicReference<>();

  public CurrentLayer(Layer initial) {
    replace(initial);
  }

  public Snapshot get() {
    return current.get();
  }

  public Layer layer() {
    return current.get().layer();
  }

  public void replace(Layer layer) {
    Map<String, String> features = LayerGeoJson.features(layer);
    current.set(
        new Snapshot(
            layer,
            Buffer.buffer(LayerGeoJson.featureCollection(layer, features.values())),
            Map.copyOf(features)));
  }
}
