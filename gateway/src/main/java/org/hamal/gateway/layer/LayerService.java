package org.hamal.gateway.layer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import com.hazelcast.query.Predicates;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.layers.ActiveLayer;
import org.hamal.cluster.layers.LayerArchive;
import org.hamal.gateway.CurrentLayer;
import org.hamal.gateway.config.LayerConfig;
import org.hamal.geo.Layer;
import org.hamal.geo.LayerChange;
import org.hamal.geo.LayerLoader;

/**
 * Changing the district layer while the cluster runs. An activation validates the new layer and
 * hands it to the {@link Activation}, which stores it, names it the cluster's and swaps it in
 * here; every other node adopts it from the archive. A layer that fails validation changes
 * nothing anywhere.
 */
public final class LayerService {

  private final Vertx vertx;
  private final LayerConfig config;
  private final CurrentLayer current;
  private final OpenReports open;
  private final Activation<Layer> activation;

  public LayerService(
      Vertx vertx, LayerConfig config, CurrentLayer current, LayerArchive archive, ActiveLayer active, OpenReports open) {
    this.vertx = vertx;
    this.config = config;
    this.current = current;
    this.open = open;
    this.activation = new Activation<>(
        new Activation.Kind<>(
            "district layer",
            Layer::version,
            Layer::name,
            () -> current.layer().version(),
            stored -> parse(stored.content().getBytes(StandardCharsets.UTF_8), stored.sourceCrs(), "archive:" + stored.version()),
            current::replace),
        archive,
        active);
  }

  /** Calls {@code listener} with every layer this node starts routing with (screens redraw). */
  public void onInstalled(Consumer<Layer> listener) {
    activation.onInstalled(listener);
  }

  public CurrentLayer current() {
    return current;
  }

  public ActiveLayer active() {
    return activation.active();
  }

  /** Keeps this node on the cluster's layer ({@link LayerVerticle}). */
  public Activation<Layer> activation() {
    return activation;
  }

  /**
   * Validates and activates a layer for the whole cluster. Fails with the {@link
   * org.hamal.geo.LayerException} of a layer that does not validate.
   *
   * @param sourceCrs the CRS declared by the uploader, or null (the file's own, else WGS84)
   * @param confirmed the admin confirmed a layer that does not look like the city's
   */
  public Future<Layer> activate(byte[] content, String sourceCrs, String actor, boolean confirmed) {
    return parse(content, sourceCrs, "upload")
        .compose(layer -> confirmed ? Future.succeededFuture(layer) : plausible(layer))
        .compose(layer -> activation.activate(layer, new LayerArchive.StoredLayer(
            layer.version(),
            layer.name(),
            sourceCrs,
            new String(content, StandardCharsets.UTF_8),
            Instant.now(),
            actor)));
  }

  /**
   * The layer, unless it does not look like the city's: it covers too little of the area the
   * current one serves, or it would leave too many of the open reports outside every district
   * (another city's layer, or one in degrees declared in metres). Then {@link ImplausibleLayer}.
   */
  private Future<Layer> plausible(Layer next) {
    Layer previous = current.layer();
    return open.fields(vertx, Predicates.alwaysTrue(), "lon", "lat")
        .compose(rows -> vertx.executeBlocking(() -> {
          List<double[]> points = new java.util.ArrayList<>(rows.size());
          for (Object[] r : rows) {
            if (r[0] instanceof Number lon && r[1] instanceof Number lat) {
              points.add(new double[] {lon.doubleValue(), lat.doubleValue()});
            }
          }
          LayerChange change = new LayerChange(previous, next);
          double covered = change.coveredShare();
          int outside = change.outside(points);
          if (covered < config.minCoveredShare()
              || (!points.isEmpty() && outside > config.maxOpenReportsOutsideShare() * points.size())) {
            throw new ImplausibleLayer(covered, outside, points.size());
          }
          return next;
        }, false));
  }

  /** A layer that validates but does not look like the city's; the admin may confirm it. */
  public static final class ImplausibleLayer extends RuntimeException {
    private final double coveredShare;
    private final int openReportsOutside;
    private final int openReports;

    ImplausibleLayer(double coveredShare, int openReportsOutside, int openReports) {
      super(String.format(java.util.Locale.ROOT,
          "the layer covers %.0f %% of the area served now and leaves %d of %d open reports outside every district;"
              + " check its coordinates and crs, or add ?confirm=true to activate it anyway",
          coveredShare * 100, openReportsOutside, openReports), null, false, false);
      this.coveredShare = coveredShare;
      this.openReportsOutside = openReportsOutside;
      this.openReports = openReports;
    }

    public double coveredShare() {
      return coveredShare;
    }

    public int openReportsOutside() {
      return openReportsOutside;
    }

    public int openReports() {
      return openReports;
    }
  }

  /** Parses and validates off the event loop: a country-sized layer takes seconds. */
  private Future<Layer> parse(byte[] content, String sourceCrs, String source) {
    // The configured CRS is for the configured file; an upload declares its own or carries it.
    LayerLoader loader = new LayerLoader(config.options(sourceCrs));
    return vertx.executeBlocking(() -> loader.load(content, source), false);
  }
}
