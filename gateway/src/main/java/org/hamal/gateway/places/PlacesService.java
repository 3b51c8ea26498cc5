package org.hamal.gateway.places;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.hamal.cluster.layers.ActiveLayer;
import org.hamal.cluster.layers.LayerArchive;
import org.hamal.gateway.CurrentLayer;
import org.hamal.gateway.layer.Activation;
import org.hamal.geo.Layer;
import org.hamal.geo.places.DistrictPlaces;
import org.hamal.geo.places.NearestPlaces;
import org.hamal.geo.places.Place;
import org.hamal.geo.places.PlaceFile;
import org.hamal.geo.places.PlaceIndex;

/**
 * The places a call-taker can look up on this node: the districts of the layer it routes with,
 * and the city's place file once an admin activated one (cluster-wide, through {@link
 * Activation}, like the district layer). Both are indexed together in one immutable {@link
 * PlaceIndex}; a new file or a new layer builds a new index off the event loop and swaps the
 * reference.
 */
public final class PlacesService {

  /** The version a node reports while no place file was ever activated: only the districts. */
  public static final String NO_FILE = "none";

  /**
   * What suggestions come from, swapped as one.
   *
   * @param file the active place file, or null
   * @param layer the layer whose districts are indexed
   * @param nearest the file's places by position (Open311's {@code address})
   */
  public record Places(PlaceFile file, Layer layer, PlaceIndex index, NearestPlaces nearest) {
    public String version() {
      return file == null ? NO_FILE : file.version();
    }
  }

  private final Vertx vertx;
  private final CurrentLayer layer;
  private final AtomicReference<Places> current = new AtomicReference<>();
  private final Activation<Places> activation;

  public PlacesService(Vertx vertx, CurrentLayer layer, LayerArchive archive, ActiveLayer active) {
    this.vertx = vertx;
    this.layer = layer;
    this.current.set(build(null, layer.layer()));
    this.activation = new Activation<>(
        new Activation.Kind<>(
            "place file",
            Places::version,
            places -> places.file() == null ? NO_FILE : places.file().name(),
            () -> current.get().version(),
            stored -> load(stored.content().getBytes(StandardCharsets.UTF_8), stored.sourceCrs(), "archive:" + stored.version()),
            this::install),
        archive,
        active);
  }

  public Places current() {
    return current.get();
  }

  public CurrentLayer layer() {
    return layer;
  }

  /** Keeps this node on the cluster's place file ({@code LayerVerticle}). */
  public Activation<Places> activation() {
    return activation;
  }

  /**
   * Validates and activates a place file for the whole cluster. Fails with the {@link
   * org.hamal.geo.LayerException} of a file that does not validate, and then changes nothing.
   *
   * @param sourceCrs the CRS declared by the uploader, or null (the file's own, else WGS84)
   */
  public Future<Places> activate(byte[] content, String sourceCrs, String actor) {
    return load(content, sourceCrs, "upload")
        .compose(places -> activation.activate(places, new LayerArchive.StoredLayer(
            places.file().version(),
            places.file().name(),
            sourceCrs,
            new String(content, StandardCharsets.UTF_8),
            Instant.now(),
            actor)));
  }

  /** The node routes with another layer: its districts replace the previous ones. */
  public void layerChanged() {
    Places before = current.get();
    Layer now = layer.layer();
    if (before.layer() == now) {
      return;
    }
    vertx.executeBlocking(() -> build(before.file(), now), false)
        .onSuccess(after -> {
          current.compareAndSet(before, after);
          layerChanged(); // another file or layer may have come meanwhile
        });
  }

  /** Reads, validates and indexes a file off the event loop: a city's takes a second or more. */
  private Future<Places> load(byte[] content, String sourceCrs, String source) {
    return vertx.executeBlocking(
        () -> build(PlaceFile.load(content, source, sourceCrs), layer.layer()), false);
  }

  private static Places build(PlaceFile file, Layer layer) {
    List<Place> places = new ArrayList<>(DistrictPlaces.of(layer));
    if (file != null) {
      places.addAll(file.places());
    }
    return new Places(file, layer, PlaceIndex.of(places), NearestPlaces.of(places));
  }

  /** Suggests from {@code places} from now on. */
  private void install(Places places) {
    current.set(places);
    layerChanged(); // indexed with the layer of its time
  }
}
