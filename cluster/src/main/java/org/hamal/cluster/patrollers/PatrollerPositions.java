package org.hamal.cluster.patrollers;

import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patrollers on duty, cluster-wide: one entry per patroller in a Hazelcast map, its latest
 * position and a short trail. Not in the store: a position is stale after a full restart anyway.
 * The map forgets an entry {@code forgetAfterMinutes} after its last update (its time-to-live is
 * renewed by every write). Every node watches the map and keeps a copy of it, which its live
 * streams read without a round trip; each change is passed to {@link #onChange} listeners.
 */
public final class PatrollerPositions {

  private static final Logger LOG = LoggerFactory.getLogger(PatrollerPositions.class);

  /** What happened to a patroller: a new position, or gone ({@code position} null). */
  public record Change(String subject, PatrollerPosition position, boolean forgotten) {}

  /** The answer to a position: taken, or too soon after the last one. */
  public sealed interface Outcome {}

  public record Accepted(PatrollerPosition position) implements Outcome {}

  public record TooFrequent(long retryAfterSeconds) implements Outcome {}

  private final ClusterNode node;
  private final PatrollerOptions options;
  private final long timeoutMillis;
  private final IMap<String, String> map;
  private final Map<String, PatrollerPosition> known = new ConcurrentHashMap<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

  public PatrollerPositions(ClusterNode node, PatrollerOptions options, long timeoutMillis) {
    this.node = node;
    this.options = options;
    this.timeoutMillis = timeoutMillis;
    configure(node, options);
    this.map = node.hazelcast().getMap(ClusterMaps.PATROLLERS);
  }

  /** The map's time-to-live comes from this node's configuration: every node must agree on it. */
  private static void configure(ClusterNode node, PatrollerOptions options) {
    try {
      node.hazelcast().getConfig().addMapConfig(
          new MapConfig(ClusterMaps.PATROLLERS).setTimeToLiveSeconds(options.forgetAfterMinutes() * 60));
    } catch (InvalidConfigurationException e) {
      LOG.warn("The cluster keeps patrollers with another patrollers.forgetAfterMinutes than this node's: {}", e.getMessage());
    }
  }

  public PatrollerOptions options() {
    return options;
  }

  /** Starts watching the map and copies what it holds. */
  public Future<PatrollerPositions> start() {
    return node.vertx().executeBlocking(() -> {
      map.addEntryListener(new Watcher(), true);
      for (String raw : map.values()) {
        PatrollerPosition p = PatrollerPosition.fromJson(new JsonObject(raw));
        known.merge(p.subject(), p, (a, b) -> a.at().isAfter(b.at()) ? a : b);
      }
      return this;
    }, false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Called on a Hazelcast event thread, on every node, with each change of any patroller. */
  public void onChange(Consumer<Change> listener) {
    listeners.add(listener);
  }

  /** The patrollers this node knows of, by subject; the latest first. */
  public List<PatrollerPosition> known() {
    return known.values().stream().sorted(Comparator.comparing(PatrollerPosition::at).reversed()).toList();
  }

  /**
   * Takes a patroller's new position, unless its last one is less than {@code minIntervalSeconds}
   * old. A compare-and-set on the entry: two tablets of one subject, on two nodes, cannot both be
   * taken within the interval.
   */
  public Future<Outcome> report(String subject, List<String> districts, double lon, double lat, Double accuracyM) {
    return node.vertx().executeBlocking(() -> {
      while (true) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String raw = map.get(subject);
        if (raw == null) {
          PatrollerPosition first = PatrollerPosition.first(subject, districts, lon, lat, accuracyM, now);
          if (map.putIfAbsent(subject, first.toJson().encode()) == null) {
            return (Outcome) new Accepted(first);
          }
          continue;
        }
        PatrollerPosition last = PatrollerPosition.fromJson(new JsonObject(raw));
        long waitMillis = last.at().plusSeconds(options.minIntervalSeconds()).toEpochMilli() - now.toEpochMilli();
        if (waitMillis > 0) {
          return new TooFrequent(Math.max(1, (waitMillis + 999) / 1000));
        }
        PatrollerPosition next = last.movedTo(districts, lon, lat, accuracyM, now, options);
        if (map.replace(subject, raw, next.toJson().encode())) {
          return new Accepted(next);
        }
      }
    }, false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The patroller went off duty: its position and trail are removed at once. */
  public Future<Void> offDuty(String subject) {
    return Future.fromCompletionStage(map.removeAsync(subject)).<Void>mapEmpty().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Every patroller on duty, as the cluster holds them now; the latest first. */
  public Future<List<PatrollerPosition>> all() {
    return node.vertx().executeBlocking(() -> map.values().stream()
        .map(raw -> PatrollerPosition.fromJson(new JsonObject(raw)))
        .sorted(Comparator.comparing(PatrollerPosition::at).reversed())
        .toList(), false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void changed(String subject, String raw) {
    PatrollerPosition p = PatrollerPosition.fromJson(new JsonObject(raw));
    known.put(subject, p);
    notify(new Change(subject, p, false));
  }

  private void gone(String subject, boolean forgotten) {
    known.remove(subject);
    notify(new Change(subject, null, forgotten));
  }

  private void notify(Change change) {
    for (Consumer<Change> l : listeners) {
      try {
        l.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("A patroller listener failed", e);
      }
    }
  }

  private final class Watcher implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
      EntryRemovedListener<String, String>, EntryExpiredListener<String, String>,
      EntryEvictedListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      changed(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      changed(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      gone(event.getKey(), false);
    }

    @Override
    public void entryExpired(EntryEvent<String, String> event) {
      gone(event.getKey(), true);
    }

    @Override
    public void entryEvicted(EntryEvent<String, String> event) {
      gone(event.getKey(), true);
    }
  }
}
