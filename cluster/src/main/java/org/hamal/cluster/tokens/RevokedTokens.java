package org.hamal.cluster.tokens;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token ids (jti) revoked before their tokens expire, known to every node without a query per
 * request: a Hazelcast map (each entry lives until its token would have expired) that every node
 * watches into a copy of its own. The store ({@code revoked_token}) is the record: every node
 * restores the revocations from it at start, reads the map again after a split brain heals, and reads the store again
 * every {@code refresh}, so a revocation whose event it missed is refused at the latest then.
 */
public final class RevokedTokens {

  private static final Logger LOG = LoggerFactory.getLogger(RevokedTokens.class);

  private final ClusterNode node;
  private final RevocationRepository revocations;
  private final IMap<String, Long> map;
  /** Revoked token ids and when each token expires (epoch ms): expired ones are dropped. */
  private final Map<String, Long> local = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final long timeoutMillis;
  private volatile UUID watching;
  private volatile UUID merging;
  private volatile long refreshTimer = -1;

  private RevokedTokens(ClusterNode node, RevocationRepository revocations, long timeoutMillis) {
    this.node = node;
    this.revocations = revocations;
    this.map = node.hazelcast().getMap(ClusterMaps.REVOKED_TOKENS);
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Watches the cluster's revocations, restores those the store holds, then reads the store again
   * every {@code refresh}.
   */
  public static Future<RevokedTokens> start(
      ClusterNode node, RevocationRepository revocations, Duration refresh, long timeoutMillis) {
    RevokedTokens revoked = new RevokedTokens(node, revocations, timeoutMillis);
    return node.vertx()
        .executeBlocking(() -> {
          revoked.watching = revoked.map.addEntryListener(revoked.new Watcher(), true);
          revoked.merging = node.hazelcast().getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
              revoked.afterMerge();
            }
          });
          revoked.readMap();
          return revoked;
        }, false)
        .compose(r -> r.refresh())
        .map(revoked)
        .timeout(timeoutMillis * 2, TimeUnit.MILLISECONDS)
        .onSuccess(r -> r.refreshTimer = node.vertx().setPeriodic(refresh.toMillis(), id -> r.refresh()
            .onFailure(e -> LOG.warn("Could not read the revoked tokens again; the next try is in {} s",
                refresh.toSeconds(), e))));
  }

  /** True when the token with this id was revoked. Answers from this node's memory. */
  public boolean isRevoked(String jti) {
    return jti != null && local.containsKey(jti);
  }

  /** Called with each token id revoked anywhere in the cluster (on a Hazelcast or Vert.x thread). */
  public void onRevoked(Consumer<String> listener) {
    listeners.add(listener);
  }

  /**
   * Revokes a token, on this node at once and on the others as the map tells them; the entry is
   * forgotten when the token would have expired anyway.
   */
  public Future<Void> add(String jti, Instant expiresAt) {
    revokedHere(jti, expiresAt.toEpochMilli());
    long ttl = Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis());
    return Future.fromCompletionStage(map.setAsync(jti, expiresAt.toEpochMilli(), ttl, TimeUnit.MILLISECONDS))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * After a revocation was recorded in the store: refuses the token here at once and tells the
   * others. Passes {@code found} on; nothing happens when it is empty (nothing was revoked).
   */
  public <T> Future<Optional<T>> announce(Optional<T> found, Function<T, String> jti, Function<T, Instant> expiresAt) {
    return found.isEmpty()
        ? Future.succeededFuture(found)
        : add(jti.apply(found.get()), expiresAt.apply(found.get())).map(found);
  }

  /**
   * Reads the revocations from the store, the record: one that never reached this
   * node (an event lost, a split brain) is refused from now on, and put in the map again for the
   * others. Expired tokens are dropped from memory.
   */
  Future<Void> refresh() {
    long now = System.currentTimeMillis();
    local.values().removeIf(expires -> expires <= now);
    return revocations.notExpired(Instant.ofEpochMilli(now))
        .compose(stored -> Future.all(stored.stream()
            .filter(r -> !isRevoked(r.jti()))
            .map(r -> add(r.jti(), r.expiresAt()))
            .toList()))
        .mapEmpty();
  }

  /** A split brain healed: entries merged into the map raise no event of their own. */
  private void afterMerge() {
    node.vertx().executeBlocking(() -> {
      readMap();
      return null;
    }, false).compose(v -> refresh())
        .onFailure(e -> LOG.warn("Could not read the revoked tokens again after a merge", e));
  }

  private void readMap() {
    map.forEach((jti, expires) -> revokedHere(jti, expires));
  }

  /**
   * Stops watching the map and the store. Blocks (the listener is removed cluster-wide); call it
   * from a plain thread, as the node's stop does.
   */
  public void stop() {
    node.vertx().cancelTimer(refreshTimer);
    UUID entries = watching;
    UUID lifecycle = merging;
    watching = null;
    merging = null;
    if (lifecycle != null) {
      node.hazelcast().getLifecycleService().removeLifecycleListener(lifecycle);
    }
    if (entries != null && node.isMember()) {
      map.removeEntryListener(entries);
    }
  }

  private void revokedHere(String jti, Long expiresAt) {
    if (local.put(jti, expiresAt == null ? Long.MAX_VALUE : expiresAt) == null) {
      listeners.forEach(l -> l.accept(jti));
    }
  }

  private final class Watcher implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long>,
      EntryMergedListener<String, Long> {
    @Override
    public void entryAdded(EntryEvent<String, Long> event) {
      revokedHere(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Long> event) {
      revokedHere(event.getKey(), event.getValue());
    }

    @Override
    public void entryMerged(EntryEvent<String, Long> event) {
      revokedHere(event.getKey(), event.getValue());
    }
  }
}
