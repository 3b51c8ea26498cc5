package org.hamal.cluster.devices;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.store.DeviceLinkRepository;

/**
 * The token ids (jti) revoked before their tokens expire, known to every node without a query per
 * request: a Hazelcast map (each entry lives until its token would have expired) that every node
 * watches into a set of its own. The store is the record: every node restores the revoked links
 * from it at start, so a revocation survives a full restart.
 */
public final class RevokedTokens {

  private final IMap<String, Long> map;
  private final Set<String> local = ConcurrentHashMap.newKeySet();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final long timeoutMillis;

  private RevokedTokens(ClusterNode node, long timeoutMillis) {
    this.map = node.hazelcast().getMap(ClusterMaps.REVOKED_TOKENS);
    this.timeoutMillis = timeoutMillis;
  }

  /** Watches the cluster's revocations, then restores those the store holds. */
  public static Future<RevokedTokens> start(ClusterNode node, DeviceLinkRepository links, long timeoutMillis) {
    RevokedTokens revoked = new RevokedTokens(node, timeoutMillis);
    return node.vertx()
        .executeBlocking(() -> {
          revoked.map.addEntryListener(revoked.new Watcher(), false);
          revoked.local.addAll(revoked.map.keySet());
          return revoked;
        }, false)
        .compose(r -> links.revoked(Instant.now()))
        .compose(stored -> Future.all(stored.stream().map(l -> revoked.add(l.jti(), l.expiresAt())).toList()))
        .map(revoked)
        .timeout(timeoutMillis * 2, TimeUnit.MILLISECONDS);
  }

  /** True when the token with this id was revoked. Answers from this node's memory. */
  public boolean isRevoked(String jti) {
    return jti != null && local.contains(jti);
  }

  /** Called with each token id revoked anywhere in the cluster (on a Hazelcast thread). */
  public void onRevoked(Consumer<String> listener) {
    listeners.add(listener);
  }

  /**
   * Revokes a token, on this node at once and on the others as the map tells them; the entry is
   * forgotten when the token would have expired anyway.
   */
  public Future<Void> add(String jti, Instant expiresAt) {
    if (local.add(jti)) {
      listeners.forEach(l -> l.accept(jti));
    }
    long ttl = Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis());
    return Future.fromCompletionStage(map.setAsync(jti, expiresAt.toEpochMilli(), ttl, TimeUnit.MILLISECONDS))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private final class Watcher implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
    @Override
    public void entryAdded(EntryEvent<String, Long> event) {
      revokedElsewhere(event.getKey());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Long> event) {
      revokedElsewhere(event.getKey());
    }

    private void revokedElsewhere(String jti) {
      if (local.add(jti)) {
        listeners.forEach(l -> l.accept(jti));
      }
    }
  }
}
