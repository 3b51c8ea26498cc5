package org.hamal.gateway.live;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Work shared while it runs and for a short while after: a second request for the same key, made
 * before the first one's future completes or up to {@code keepMillis} after it succeeded, gets
 * that future instead of starting the work again. A failure is not kept. Thread-safe: one per
 * node, shared by its event loops; the work's callbacks run where it was started.
 *
 * <p>Why: when the screens of a room reconnect (a node restarted, a network came back), hundreds
 * ask for the same snapshot within seconds, not all within one query's time; each query scans
 * every open report, each answer holds thousands of them, and intake must keep the node's cores
 * and heap.
 */
final class InFlight<K, V> {

  /** The shared work and what each sharer must know about it (for a snapshot, its position). */
  record Shared<V>(Future<V> result, long asOf) {}

  private final Map<K, Shared<V>> running = new HashMap<>();
  private final long keepMillis;
  private final BiConsumer<Long, Runnable> timer;

  /**
   * @param keepMillis how long a successful result is still shared after it completed; 0: only
   *     while it runs
   * @param timer runs a task on this event loop after a delay in milliseconds (Vert.x's timer)
   */
  InFlight(long keepMillis, BiConsumer<Long, Runnable> timer) {
    this.keepMillis = keepMillis;
    this.timer = timer;
  }

  /**
   * The shared work for {@code key}, or {@code work} started now with {@code asOf}. Shared work
   * that is not {@code usable} for this request (for a snapshot: too far behind) is dropped and
   * started afresh.
   *
   * @param asOf recorded with the work when it starts; sharers get the starter's value
   */
  synchronized Shared<V> share(K key, long asOf, Predicate<Shared<V>> usable, Supplier<Future<V>> work) {
    Shared<V> current = running.get(key);
    if (current != null && usable.test(current)) {
      return current;
    }
    Future<V> started;
    try {
      started = work.get();
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    Shared<V> shared = new Shared<>(started, asOf);
    running.put(key, shared);
    started.onComplete(
        ar -> {
          if (ar.failed() || keepMillis <= 0) {
            drop(key, shared);
          } else {
            timer.accept(keepMillis, () -> drop(key, shared));
          }
        });
    return shared;
  }

  /** Stops sharing {@code shared} (it is no longer usable): the next request starts afresh. */
  synchronized void drop(K key, Shared<V> shared) {
    running.remove(key, shared);
  }

  /** Stops sharing everything: the next request for any key starts afresh. */
  synchronized void dropAll() {
    running.clear();
  }

  /** How many pieces of work are shared. */
  synchronized int shared() {
    return running.size();
  }
}
