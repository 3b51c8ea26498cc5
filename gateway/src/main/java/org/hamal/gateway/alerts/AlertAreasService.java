package org.hamal.gateway.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.hamal.cluster.layers.ActiveLayer;
import org.hamal.cluster.layers.LayerArchive;
import org.hamal.gateway.CurrentLayer;
import org.hamal.gateway.layer.Activation;
import org.hamal.geo.Layer;
import org.hamal.geo.alerts.AlertAreaFile;
import org.hamal.geo.alerts.AlertAreas;

/**
 * The alert areas this node uses, indexed with the district layer it routes with: one immutable
 * {@link AlertAreas}, rebuilt off the event loop and swapped when the layer changes. The file is
 * the city's once an admin activated one (cluster-wide, through {@link Activation}, like the
 * district layer and the place file), else the bundled one.
 */
public final class AlertAreasService {

  private final Vertx vertx;
  private final CurrentLayer layer;
  private final AtomicReference<AlertAreas> current = new AtomicReference<>();
  private final Activation<AlertAreas> activation;
  private final List<Consumer<AlertAreas>> listeners = new CopyOnWriteArrayList<>();

  /** @param initial the file used until the cluster names another (the bundled one) */
  public AlertAreasService(
      Vertx vertx, CurrentLayer layer, AlertAreaFile initial, LayerArchive archive, ActiveLayer active) {
    this.vertx = vertx;
    this.layer = layer;
    current.set(AlertAreas.of(initial, layer.layer()));
    this.activation = new Activation<>(
        new Activation.Kind<>(
            "alert-area file",
            AlertAreas::version,
            areas -> areas.file().name(),
            () -> current.get().version(),
            stored -> load(stored.content().getBytes(StandardCharsets.UTF_8), stored.sourceCrs(), "archive:" + stored.version()),
            this::install),
        archive,
        active);
  }

  public AlertAreas current() {
    return current.get();
  }

  /** Keeps this node on the cluster's alert-area file ({@code LayerVerticle}). */
  public Activation<AlertAreas> activation() {
    return activation;
  }

  /**
   * Calls {@code listener} whenever this node's areas change: another file, or the same file
   * indexed with another layer (the districts per area changed).
   */
  public void onChanged(Consumer<AlertAreas> listener) {
    listeners.add(listener);
  }

  /** The live message that tells screens to fetch the areas again (docs/live-protocol.md). */
  public static JsonObject message(AlertAreas areas) {
    return new JsonObject()
        .put("type", "alert-areas")
        .put("version", areas.version())
        .put("layerVersion", areas.layer().version());
  }

  /**
   * Validates and activates an alert-area file for the whole cluster. Fails with the {@link
   * org.hamal.geo.LayerException} of a file that does not validate, and then changes nothing.
   *
   * @param sourceCrs the CRS declared by the uploader, or null (the file's own, else WGS84)
   */
  public Future<AlertAreas> activate(byte[] content, String sourceCrs, String actor) {
    return load(content, sourceCrs, "upload")
        .compose(areas -> activation.activate(areas, new LayerArchive.StoredLayer(
            areas.version(),
            areas.file().name(),
            sourceCrs,
            new String(content, StandardCharsets.UTF_8),
            Instant.now(),
            actor)));
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
          if (current.compareAndSet(before, after)) {
            changed(after);
          }
          layerChanged(); // another file or layer may have come meanwhile
        });
  }

  /** Reads, validates and indexes a file off the event loop. */
  private Future<AlertAreas> load(byte[] content, String sourceCrs, String source) {
    return vertx.executeBlocking(
        () -> AlertAreas.of(AlertAreaFile.load(content, source, sourceCrs), layer.layer()), false);
  }

  /** Uses {@code areas} from now on. */
  private void install(AlertAreas areas) {
    current.set(areas);
    changed(areas);
    layerChanged(); // indexed with the layer of its time
  }

  private void changed(AlertAreas areas) {
    listeners.forEach(l -> l.accept(areas));
  }
}
