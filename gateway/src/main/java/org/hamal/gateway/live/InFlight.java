package org.hamal.gateway.live;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Work shared while it runs: a second request for the same key, made before the first one's
 * future completes, gets that future instead of starting the work again. Once it completes, the
 * next request starts afresh. Not thread-safe: one per event loop.
 *
 * <p>Why: when the screens of a room reconnect together (a node restarted, a network came back),
 * hundreds ask for the same snapshot at once; each query decodes every matching open report, and
 * intake must keep the node's cores.
 */
final class InFlight<K, V> {

  /** The shared work and what each sharer must know about it (for a snapshot, its position). */
  record Shared<V>(Future<V> result, long asOf) {}

  private final Map<K, Shared<V>> running = new HashMap<>();

  /**
   * The running work for {@code key}, or {@code work} started now with {@code asOf}.
   *
   * @param asOf recorded with the work when it starts; sharers get the starter's value
   */
  Shared<V> share(K key, long asOf, Supplier<Future<V>> work) {
    Shared<V> current = running.get(key);
    if (current != null) {
      return current;
    }
    Future<V> started;
    try {
      started = work.get();
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    if (started.isComplete()) {
      return new Shared<>(started, asOf);
    }
    Shared<V> shared = new Shared<>(started, asOf);
    running.put(key, shared);
    started.onComplete(ar -> running.remove(key, shared));
    return shared;
  }

  /** How many pieces of work are running. */
  int running() {
    return running.size();
  }
}
