package org.hamal.cluster.layers;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;

/**
 * Which version of a city file the cluster uses: the district layer it routes with, the place
 * file it suggests places from, or the alert-area file it relays alerts with. The version is one entry in a Hazelcast map; every node watches it
 * and swaps its own copy when it changes, then records the version it uses, so {@code GET
 * /api/v1/layer} (and {@code /api/v1/places/file}, {@code /api/v1/alert-areas/file}) can show that all nodes agree. The content
 * itself lives in the {@link LayerArchive}.
 */
public final class ActiveLayer {

  private static final String ACTIVE = "active";

  private final ClusterNode node;
  private final IMap<String, String> map;
  private final IMap<String, String> nodes;
  private final long timeoutMillis;

  private ActiveLayer(ClusterNode node, String map, String nodes, long timeoutMillis) {
    this.node = node;
    this.map = node.hazelcast().getMap(map);
    this.nodes = node.hazelcast().getMap(nodes);
    this.timeoutMillis = timeoutMillis;
  }

  /** The district layer the cluster routes with. */
  public static ActiveLayer districts(ClusterNode node, long timeoutMillis) {
    return new ActiveLayer(node, ClusterMaps.LAYER, ClusterMaps.LAYER_NODES, timeoutMillis);
  }

  /** The place file the cluster suggests places from. */
  public static ActiveLayer places(ClusterNode node, long timeoutMillis) {
    return new ActiveLayer(node, ClusterMaps.PLACES, ClusterMaps.PLACES_NODES, timeoutMillis);
  }

  /** The alert-area file the cluster relays alerts with. */
  public static ActiveLayer alertAreas(ClusterNode node, long timeoutMillis) {
    return new ActiveLayer(node, ClusterMaps.ALERT_AREAS, ClusterMaps.ALERT_AREAS_NODES, timeoutMillis);
  }

  /** Calls {@code onVersion} (on a Hazelcast thread) whenever another version is activated. */
  public Future<Void> watch(Consumer<String> onVersion) {
    Watcher watcher = new Watcher(onVersion);
    return blocking(() -> {
      map.addEntryListener(watcher, ACTIVE, true);
      return null;
    });
  }

  /** The cluster's active version, or null when none was activated at run time. */
  public Future<String> version() {
    return blocking(() -> map.get(ACTIVE));
  }

  /** Makes {@code version} the cluster's; nodes follow through {@link #watch}. */
  public Future<Void> activate(String version) {
    return blocking(() -> {
      map.set(ACTIVE, version);
      return null;
    });
  }

  /** Records the version this node now uses. */
  public Future<Void> routingWith(String version) {
    return blocking(() -> {
      nodes.set(node.nodeId(), version);
      return null;
    });
  }

  /** Member id → the version it uses, for the members in the cluster now. */
  public Future<Map<String, String>> members() {
    return blocking(() -> {
      Set<String> members =
          node.hazelcast().getCluster().getMembers().stream()
              .map(Member::getUuid)
              .map(Object::toString)
              .collect(Collectors.toSet());
      Map<String, String> out = new TreeMap<>();
      for (String id : members) {
        out.put(id, nodes.get(id));
      }
      return out;
    });
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> call) {
    return node.vertx().executeBlocking(call, false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private static final class Watcher
      implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    private final Consumer<String> onVersion;

    Watcher(Consumer<String> onVersion) {
      this.onVersion = onVersion;
    }

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      onVersion.accept(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      onVersion.accept(event.getValue());
    }
  }
}
