package org.hamal.gateway.layer;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hamal.cluster.layers.ActiveLayer;
import org.hamal.cluster.layers.LayerArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one kind of city file — the district layer, the place file — at the version the cluster
 * activated, on this node. An activation stores the file in the {@link LayerArchive}, names its
 * version in the {@link ActiveLayer} map and installs it here; every other node sees the version
 * and {@link #adopt}s it from the archive; after a full restart the newest archived file is named
 * again. What the file is, how it is read and where it is installed is the {@link Kind}'s.
 *
 * @param <T> the parsed, immutable file
 */
public final class Activation<T> {

  private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

  /**
   * What is activated, and how this node reads and uses it.
   *
   * @param label for logs: "district layer", "place file"
   * @param currentVersion the version this node uses now
   * @param parse parses and validates an archived file, off the event loop
   * @param install uses the file from now on (swaps the reference)
   */
  public record Kind<T>(
      String label,
      Function<T, String> version,
      Function<T, String> name,
      Supplier<String> currentVersion,
      Function<LayerArchive.StoredLayer, Future<T>> parse,
      Consumer<T> install) {}

  private final Kind<T> kind;
  private final LayerArchive archive;
  private final ActiveLayer active;
  private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();
  /** The version the cluster asked for last; a slower, older load never replaces it. */
  private volatile String wanted;

  public Activation(Kind<T> kind, LayerArchive archive, ActiveLayer active) {
    this.kind = kind;
    this.archive = archive;
    this.active = active;
  }

  public ActiveLayer active() {
    return active;
  }

  /** Calls {@code listener} with every file this node starts using. */
  public void onInstalled(Consumer<T> listener) {
    listeners.add(listener);
  }

  /**
   * Activates a validated file for the whole cluster: archived first (so a restart finds it),
   * then named, then installed here.
   */
  public Future<T> activate(T file, LayerArchive.StoredLayer stored) {
    return archive
        .activate(stored)
        .compose(v -> active.activate(kind.version().apply(file)))
        .compose(v -> install(file))
        .onSuccess(f -> LOG.info("{} activated {} '{}' version {}",
            stored.activatedBy(), kind.label(), kind.name().apply(f), kind.version().apply(f)));
  }

  /**
   * Uses the file the cluster activated: the one named in the cluster map, else (after a full
   * restart) the newest in the archive, else the one this node started with.
   */
  public Future<Void> adoptActive() {
    return active.version().compose(version -> version != null ? adopt(version) : adoptArchived());
  }

  private Future<Void> adoptArchived() {
    return archive
        .active()
        .compose(
            stored -> {
              if (stored == null) {
                return active.routingWith(kind.currentVersion().get());
              }
              // The cluster map is empty after a full restart: name the archived file again.
              return active.activate(stored.version()).compose(v -> adopt(stored.version()));
            });
  }

  /** Loads {@code version} from the archive and uses it, unless it is already in use. */
  public Future<Void> adopt(String version) {
    wanted = version;
    if (Objects.equals(version, kind.currentVersion().get())) {
      return active.routingWith(version);
    }
    return archive
        .get(version)
        .compose(
            stored -> stored == null
                ? Future.<T>failedFuture(new IllegalStateException(kind.label() + " " + version + " is not in the archive"))
                : kind.parse().apply(stored))
        .compose(
            file -> {
              if (!version.equals(wanted)) {
                return Future.succeededFuture(); // a newer activation arrived meanwhile
              }
              LOG.info("Now using {} '{}' version {}", kind.label(), kind.name().apply(file), version);
              return install(file).mapEmpty();
            });
  }

  /** Uses {@code file} from now on, records it for the cluster, then tells listeners. */
  private Future<T> install(T file) {
    wanted = kind.version().apply(file);
    kind.install().accept(file);
    return active
        .routingWith(kind.version().apply(file))
        .map(
            v -> {
              listeners.forEach(l -> l.accept(file));
              return file;
            });
  }
}
