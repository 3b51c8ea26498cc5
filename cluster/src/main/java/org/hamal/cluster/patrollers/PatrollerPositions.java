package org.hamal.cluster.patrollers;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.processors.MovePatroller;
import org.hamal.cluster.processors.PatrollerPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patrollers on duty, cluster-wide: one entry per patroller in a Hazelcast map, its latest
 * position and a short trail. Not in the store: a position is stale after a full restart anyway.
 * An entry lives {@code forgetAfterMinutes} after its last position ({@link MovePatroller} renews
 * its time to live). Every node watches the map and keeps a copy of it, which its live streams
 * read without a round trip; each change is passed to {@link #onChange} listeners.
 */
public final class PatrollerPositions {

  private static final Logger LOG = LoggerFactory.getLogger(PatrollerPositions.class);

  /** What happened to a patroller: a new position, or gone ({@code position} null). */
  public record Change(String subject, PatrollerPosition position, boolean forgotten) {}

  /** The answer to a position: taken, or too soon after the last one. */
  public sealed interface Outcome {}

  public record Accepted() implements Outcome {}

  public record TooFrequent(long retryAfterSeconds) implements Outcome {}

  private final ClusterNode node;
  private final PatrollerOptions options;
  private final long timeoutMillis;
  private final IMap<String, PatrollerPosition> map;
  private final Map<String, PatrollerPosition> known = new ConcurrentHashMap<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private volatile UUID watching;

  public PatrollerPositions(ClusterNode node, PatrollerOptions options, long timeoutMillis) {
    this.node = node;
    this.options = options;
    this.timeoutMillis = timeoutMillis;
    this.map = node.hazelcast().getMap(ClusterMaps.PATROLLERS);
  }

  public PatrollerOptions options() {
    return options;
  }

  /** Starts watching the map and copies what it holds. */
  public Future<PatrollerPositions> start() {
    return node.vertx().executeBlocking(() -> {
      watching = map.addEntryListener(new Watcher(), true);
      for (PatrollerPosition p : map.values()) {
        known.merge(p.subject(), p, (a, b) -> a.at().isAfter(b.at()) ? a : b);
      }
      return this;
    }, false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops watching the map: no change reaches this node's listeners after it. Blocks (the
   * listener is removed cluster-wide); call it from a plain thread, as the node's stop does.
   */
  public void stop() {
    UUID id = watching;
    watching = null;
    if (id != null && node.isMember()) {
      map.removeEntryListener(id);
    }
  }

  /** Called on a Hazelcast event thread, on every node, with each change of any patroller. */
  public void onChange(Consumer<Change> listener) {
    listeners.add(listener);
  }

  /**
   * The patrollers this node knows of, by subject; the latest first. One not heard from for
   * {@code forgetAfterMinutes} is left out (and dropped) whether or not its removal was seen: an
   * event may be missed, or an entry copied at start just as it was removed.
   */
  public List<PatrollerPosition> known() {
    Instant since = Instant.now().minus(options.forgetAfter());
    known.values().removeIf(p -> p.at().isBefore(since));
    return known.values().stream().sorted(Comparator.comparing(PatrollerPosition::at).reversed()).toList();
  }

  /**
   * Takes a patroller's new position, unless its last one is less than {@code minIntervalSeconds}
   * old: one entry processor on the partition owner decides and writes, so two tablets of one
   * subject, on two nodes, cannot both be taken within the interval.
   */
  public Future<Outcome> report(String subject, List<String> districts, double lon, double lat, Double accuracyM) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    MovePatroller move = new MovePatroller(new MovePatroller.Fix(districts, lon, lat, accuracyM, now), options.limits());
    return Future.fromCompletionStage(map.submitToKey(subject, move), node.vertx().getOrCreateContext())
        .<Outcome>map(wait -> wait <= 0 ? new Accepted() : new TooFrequent(Math.max(1, (wait + 999) / 1000)))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The patroller went off duty: its position and trail are removed at once. */
  public Future<Void> offDuty(String subject) {
    return Future.fromCompletionStage(map.removeAsync(subject)).<Void>mapEmpty().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Every patroller on duty, as the cluster holds them now; the latest first. */
  public Future<List<PatrollerPosition>> all() {
    return node.vertx().executeBlocking(() -> map.values().stream()
        .sorted(Comparator.comparing(PatrollerPosition::at).reversed())
        .toList(), false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void changed(String subject, PatrollerPosition p) {
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

  private final class Watcher implements EntryAddedListener<String, PatrollerPosition>,
      EntryUpdatedListener<String, PatrollerPosition>, EntryRemovedListener<String, PatrollerPosition>,
      EntryExpiredListener<String, PatrollerPosition>, EntryEvictedListener<String, PatrollerPosition> {

    @Override
    public void entryAdded(EntryEvent<String, PatrollerPosition> event) {
      changed(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, PatrollerPosition> event) {
      changed(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, PatrollerPosition> event) {
      gone(event.getKey(), false);
    }

    @Override
    public void entryExpired(EntryEvent<String, PatrollerPosition> event) {
      gone(event.getKey(), true);
    }

    @Override
    public void entryEvicted(EntryEvent<String, PatrollerPosition> event) {
      gone(event.getKey(), true);
    }
  }
}
