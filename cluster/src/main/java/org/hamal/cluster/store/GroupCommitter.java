package org.hamal.cluster.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Commits items in groups: one transaction for all that arrived while the previous one ran (or
 * within the linger time), up to a maximum batch. At low load a lone item commits at once; under
 * load the batches grow by themselves, so the cost of a commit is shared and durability does not
 * cap throughput. Items submitted together ({@link #submitAll}) always share one transaction.
 * Each submitter's future completes on the submitter's own context.
 *
 * @param <T> what is committed
 * @param <R> the result for each item, in the order of the items
 */
final class GroupCommitter<T, R> {

  private record Group<T, R>(List<T> items, Promise<List<R>> promise, Context context) {}

  private final Vertx vertx;
  private final Function<List<T>, Future<List<R>>> sink;
  private final Object lock = new Object();
  private final ArrayDeque<Group<T, R>> queue = new ArrayDeque<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private volatile int maxBatch;
  private volatile long lingerMillis;
  private int queuedItems;
  private boolean committing;
  /** The timer of a batch that is lingering for more items, or -1. */
  private long lingerTimer = -1;

  GroupCommitter(
      Vertx vertx, int maxBatch, long lingerMillis, Function<List<T>, Future<List<R>>> sink) {
    this.vertx = vertx;
    this.sink = sink;
    tune(maxBatch, lingerMillis);
  }

  /** Changes the batch bounds; takes effect from the next batch. */
  void tune(int maxBatch, long lingerMillis) {
    if (maxBatch < 1 || lingerMillis < 0) {
      throw new IllegalArgumentException("maxBatch >= 1 and lingerMillis >= 0");
    }
    this.maxBatch = maxBatch;
    this.lingerMillis = lingerMillis;
  }

  /** Queues an item; the future succeeds once the transaction holding it has committed. */
  Future<R> submit(T item) {
    return submitAll(List.of(item)).map(results -> results.get(0));
  }

  /** Queues items that must share one transaction; results come in the order of the items. */
  Future<List<R>> submitAll(List<T> items) {
    Promise<List<R>> promise = Promise.promise();
    if (items.isEmpty()) {
      promise.complete(List.of());
      return promise.future();
    }
    boolean start;
    boolean filledLingeringBatch = false;
    synchronized (lock) {
      queue.add(new Group<>(List.copyOf(items), promise, vertx.getOrCreateContext()));
      queuedItems += items.size();
      start = !committing;
      committing = true;
      if (!start && lingerTimer >= 0 && queuedItems >= maxBatch) {
        // The lingering batch is full: no reason to wait any longer.
        filledLingeringBatch = vertx.cancelTimer(lingerTimer);
        lingerTimer = -1;
      }
    }
    if (start) {
      scheduleNext();
    } else if (filledLingeringBatch) {
      commitBatch();
    }
    return promise.future();
  }

  /** Items waiting for a transaction (not counting the one being committed). */
  int queued() {
    synchronized (lock) {
      return queuedItems;
    }
  }

  /** Completes when everything submitted so far has been committed or failed. */
  Future<Void> drain() {
    synchronized (lock) {
      if (!committing) {
        return Future.succeededFuture();
      }
      Promise<Void> p = Promise.promise();
      idleWaiters.add(p);
      return p.future();
    }
  }

  private void scheduleNext() {
    long linger = lingerMillis;
    synchronized (lock) {
      if (linger > 0 && queuedItems < maxBatch) {
        lingerTimer = vertx.setTimer(linger, this::lingerExpired);
        return;
      }
    }
    commitBatch();
  }

  private void lingerExpired(long timer) {
    synchronized (lock) {
      if (lingerTimer != timer) {
        return; // the batch filled up and was committed already
      }
      lingerTimer = -1;
    }
    commitBatch();
  }

  private void commitBatch() {
    List<Group<T, R>> batch = new ArrayList<>();
    List<T> items = new ArrayList<>();
    synchronized (lock) {
      int max = maxBatch;
      // Whole groups only; the first group goes even when it alone exceeds the maximum.
      while (!queue.isEmpty()
          && (batch.isEmpty() || items.size() + queue.peek().items.size() <= max)) {
        Group<T, R> g = queue.poll();
        batch.add(g);
        items.addAll(g.items);
      }
      queuedItems -= items.size();
    }
    Future<List<R>> committed;
    try {
      committed = sink.apply(items);
    } catch (RuntimeException e) {
      committed = Future.failedFuture(e);
    }
    committed.onComplete(
        ar -> {
          int offset = 0;
          for (Group<T, R> g : batch) {
            int from = offset;
            offset += g.items.size();
            if (ar.succeeded()) {
              List<R> mine = List.copyOf(ar.result().subList(from, offset));
              g.context.runOnContext(v -> g.promise.complete(mine));
            } else {
              g.context.runOnContext(v -> g.promise.fail(ar.cause()));
            }
          }
          afterBatch();
        });
  }

  private void afterBatch() {
    List<Promise<Void>> idle = List.of();
    boolean more;
    synchronized (lock) {
      more = !queue.isEmpty();
      if (!more) {
        committing = false;
        idle = new ArrayList<>(idleWaiters);
        idleWaiters.clear();
      }
    }
    if (more) {
      scheduleNext();
    }
    idle.forEach(Promise::complete);
  }
}
