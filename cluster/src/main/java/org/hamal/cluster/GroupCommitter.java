package org.hamal.cluster;

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
 * cap throughput. Each submitter's future completes on the submitter's own context.
 */
final class GroupCommitter<T> {

  private record Pending<T>(T item, Promise<Void> promise, Context context) {}

  private final Vertx vertx;
  private final Function<List<T>, Future<Void>> sink;
  private final Object lock = new Object();
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private volatile int maxBatch;
  private volatile long lingerMillis;
  private boolean committing;
  /** The timer of a batch that is lingering for more items, or -1. */
  private long lingerTimer = -1;

  GroupCommitter(
      Vertx vertx, int maxBatch, long lingerMillis, Function<List<T>, Future<Void>> sink) {
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
  Future<Void> submit(T item) {
    Promise<Void> promise = Promise.promise();
    boolean start;
    boolean filledLingeringBatch = false;
    synchronized (lock) {
      queue.add(new Pending<>(item, promise, vertx.getOrCreateContext()));
      start = !committing;
      committing = true;
      if (!start && lingerTimer >= 0 && queue.size() >= maxBatch) {
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
      if (linger > 0 && queue.size() < maxBatch) {
        lingerTimer = vertx.setTimer(linger, id -> lingerExpired(id));
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
    List<Pending<T>> batch = new ArrayList<>();
    synchronized (lock) {
      int max = maxBatch;
      while (!queue.isEmpty() && batch.size() < max) {
        batch.add(queue.poll());
      }
    }
    List<T> items = new ArrayList<>(batch.size());
    for (Pending<T> p : batch) {
      items.add(p.item);
    }
    Future<Void> committed;
    try {
      committed = sink.apply(items);
    } catch (RuntimeException e) {
      committed = Future.failedFuture(e);
    }
    committed.onComplete(
        ar -> {
          for (Pending<T> p : batch) {
            p.context.runOnContext(v -> p.promise.handle(ar));
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
