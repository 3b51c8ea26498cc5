package org.hamal.cluster.alerts;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.hamal.geo.alerts.AlertArea;
import org.hamal.geo.alerts.AlertAreas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's alerts. The store is the record ({@link AlertRepository}); every change is written
 * there first, then its alert goes into a Hazelcast map that every node watches, so each node
 * learns of it within milliseconds and keeps its own view of the active and recent alerts, which
 * others ask cheaply ({@link #activeCovering}, {@link #areasAlertedWithin}). A state never replaces
 * a newer one in the map (versions); a cleared or ended alert leaves the map after {@code recent}.
 */
public final class AlertService {

  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
  /** Every this many sweeps the oldest member brings the map up to the store. */
  private static final int CATCH_UP_SWEEPS = 30;

  private final ClusterNode node;
  private final AlertRepository repository;
  private final Supplier<AlertAreas> areas;
  private final Duration recent;
  private final long timeoutMillis;
  private final IMap<String, String> map;
  private final Map<String, Alert> view = new ConcurrentHashMap<>();
  private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();
  private UUID watching;
  /** Sweeps so far, on this member (only the oldest member's count). */
  private long sweeps;

  public AlertService(ClusterNode node, AlertRepository repository, Supplier<AlertAreas> areas, Duration recent,
      long timeoutMillis) {
    this.node = node;
    this.repository = repository;
    this.areas = areas;
    this.recent = recent;
    this.timeoutMillis = timeoutMillis;
    this.map = node.hazelcast().getMap(ClusterMaps.ALERTS);
  }

  /** Watches the map, then takes what it holds. */
  public Future<AlertService> start() {
    return node.vertx().executeBlocking(() -> {
      watching = map.addEntryListener(new Watcher(), true);
      map.values().forEach(raw -> seen(Alert.fromJson(new JsonObject(raw))));
      return this;
    }, false).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  public void stop() {
    if (watching != null) {
      map.removeEntryListener(watching);
    }
  }

  /** Called on a Hazelcast thread, on every node, with every new state of an alert. */
  public void onChange(Consumer<Alert> listener) {
    listeners.add(listener);
  }

  /** Stores a relayed alert (or finds the one of its source id, adding areas), then announces it. */
  public Future<AlertRepository.Saved> create(Alert candidate) {
    // A repeat is published too: if the first answer's publication failed, the relay's retry mends it.
    return repository.create(candidate)
        .onSuccess(saved -> {
          if (saved.outcome() != AlertRepository.Outcome.SAME) {
            Alert a = saved.alert();
            LOG.info("Alert {} ({}, {}): {} {} by {}", a.id(), a.sourceId(), a.threat(), saved.outcome(), a.areaIds(),
                candidate.createdBy());
          }
        })
        .compose(saved -> publish(saved.alert()).map(saved));
  }

  public Future<Optional<AlertRepository.Changed>> clear(String id, String actor, long at) {
    return repository.clear(id, actor, at)
        .compose(found -> found.isPresent() && found.get().changed()
            ? publish(found.get().alert()).map(found)
            : Future.succeededFuture(found));
  }

  public Future<Optional<AlertRepository.SafeOutcome>> safe(String id, String patroller, List<String> districts, long at) {
    return repository.safe(id, patroller, districts, at)
        .compose(found -> found.isPresent() && found.get() instanceof AlertRepository.Answered a && a.changed()
            ? publish(a.alert()).map(found)
            : Future.succeededFuture(found));
  }

  public Future<Optional<Alert>> find(String id) {
    return repository.find(id);
  }

  /** The active alerts, newest first, then the recent cleared or ended ones; at most {@code limit}. */
  public Future<List<Alert>> list(int limit) {
    return repository.current(System.currentTimeMillis() - recent.toMillis(), limit);
  }

  /**
   * Ends the alerts whose stay time ran out (the oldest member does, every sweep); now and then it
   * also brings the map up to the store, so that a change stored whose publication failed (or whose
   * node died just then) does not leave the screens behind for good.
   */
  public Future<Integer> sweep() {
    Future<Integer> ended = repository.endDue(System.currentTimeMillis()).compose(this::publishAll);
    return ++sweeps % CATCH_UP_SWEEPS != 0
        ? ended
        : ended.compose(n -> repository.current(System.currentTimeMillis() - recent.toMillis(), Integer.MAX_VALUE)
            .compose(this::publishAll)
            .map(n));
  }

  /**
   * After a full restart (the oldest member): alerts whose stay time ran out meanwhile are ended,
   * then the active and recent ones go into the map.
   */
  public Future<Integer> restore() {
    return repository.endDue(System.currentTimeMillis())
        .compose(ended -> repository.current(System.currentTimeMillis() - recent.toMillis(), Integer.MAX_VALUE))
        .compose(this::publishAll);
  }

  private Future<Integer> publishAll(List<Alert> alerts) {
    Future<Void> all = Future.succeededFuture();
    for (Alert a : alerts) {
      all = all.compose(v -> publish(a));
    }
    return all.map(alerts.size());
  }

  /** Puts a stored state in the map unless the map holds it or a later one. */
  private Future<Void> publish(Alert alert) {
    String json = alert.toJson().encode();
    long ttl = alert.isActive() ? 0 : Math.max(1, alert.clearedAt() + recent.toMillis() - System.currentTimeMillis());
    return node.vertx().<Void>executeBlocking(() -> {
      map.lock(alert.id());
      try {
        String raw = map.get(alert.id());
        if (raw == null || new JsonObject(raw).getLong("version") < alert.version()) {
          map.set(alert.id(), json, ttl, TimeUnit.MILLISECONDS);
        }
      } finally {
        map.unlock(alert.id());
      }
      return null;
    }, false).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        // Stored is what counts: the answer stands, and the oldest member's sweep announces it later.
        .recover(err -> {
          LOG.warn("Alert {} stored but not yet announced", alert.id(), err);
          return Future.succeededFuture();
        });
  }

  /**
   * The active alerts this node knows of, newest first: those whose stay time ran out are not,
   * even before the oldest member's sweep ends them.
   */
  public List<Alert> active() {
    long now = System.currentTimeMillis();
    return view.values().stream()
        .filter(a -> a.isActive() && a.endsAt() > now)
        .sorted(Comparator.comparingLong(Alert::startedAt).reversed().thenComparing(Alert::id))
        .toList();
  }

  /** The active alerts whose areas hold the point (for pausing dispatch there). */
  public List<Alert> activeCovering(double lon, double lat) {
    List<Alert> active = active();
    if (active.isEmpty()) {
      return List.of(); // the usual case, on every report's path: no geometry
    }
    Set<String> here = new HashSet<>();
    for (AlertArea a : areas.get().covering(lon, lat)) {
      here.add(a.id());
    }
    if (here.isEmpty()) {
      return List.of();
    }
    return active.stream().filter(a -> a.areaIds().stream().anyMatch(here::contains)).toList();
  }

  /** An alert this node knows of (active, or cleared or ended recently), without asking the cluster. */
  public Optional<Alert> known(String id) {
    return Optional.ofNullable(view.get(id));
  }

  /** How many distinct areas were alerted by alerts that started within {@code window} (for the mode's trigger). */
  public int areasAlertedWithin(Duration window) {
    long since = System.currentTimeMillis() - window.toMillis();
    Set<String> ids = new HashSet<>();
    view.values().stream().filter(a -> a.startedAt() >= since).forEach(a -> ids.addAll(a.areaIds()));
    return ids.size();
  }

  /** Takes a state into the view unless it holds a newer one; true if it did. */
  private boolean seen(Alert alert) {
    boolean[] taken = new boolean[1];
    view.compute(alert.id(), (id, before) -> {
      if (before != null && before.version() >= alert.version()) {
        return before;
      }
      taken[0] = true;
      return alert;
    });
    return taken[0];
  }

  private final class Watcher implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
      EntryRemovedListener<String, String>, EntryExpiredListener<String, String>, EntryEvictedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      changed(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      changed(event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      view.remove(event.getKey());
    }

    @Override
    public void entryExpired(EntryEvent<String, String> event) {
      view.remove(event.getKey());
    }

    @Override
    public void entryEvicted(EntryEvent<String, String> event) {
      view.remove(event.getKey());
    }

    private void changed(String raw) {
      Alert alert = Alert.fromJson(new JsonObject(raw));
      if (seen(alert)) {
        listeners.forEach(l -> l.accept(alert));
      }
    }
  }
}
