package org.hamal.surge.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.hamal.surge.scenario.Arrival;
import org.hamal.surge.scenario.ArrivalStream;

/**
 * The open-loop driver: issues every arrival at its scheduled time whether or not earlier
 * requests have been answered, so a slow server shows up as latency instead of as a lower
 * offered rate (no coordinated omission). In-flight requests are capped generously; an arrival
 * over the cap is dropped and counted as an error rather than waited for.
 *
 * <p>With a batch size above one, a fraction of the arrivals ({@code batchMix}) is gathered into
 * batches, sent when full or when the oldest has waited {@code batchLinger}; each item's latency
 * still counts from its own scheduled time.
 */
public final class Pacer {

  /** Settings; {@code batchMix} is the fraction of reports that go through batch intake. */
  public record Options(
      int batchSize, double batchMix, long batchLingerNanos, int maxInFlight, long seed) {}

  private final Clock clock;
  private final Dispatcher dispatcher;
  private final Metrics metrics;
  private final Options options;
  private final Random batchChoice;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final AtomicLong seq = new AtomicLong();
  private volatile boolean stopped;
  private volatile long startNanos;
  private int inFlight; // guarded by lock
  private long maxLagNanos; // written by the pacer thread only

  public Pacer(Clock clock, Dispatcher dispatcher, Metrics metrics, Options options) {
    if (options.batchSize() < 1) {
      throw new IllegalArgumentException("the batch size must be at least 1");
    }
    this.clock = clock;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.options = options;
    this.batchChoice = new Random(options.seed() ^ 0xBA7C4L);
  }

  /** Issues the arrivals of the stream until it ends or {@link #stop()} is called. */
  public void run(ArrivalStream arrivals) {
    run(arrivals, clock.nanoTime());
  }

  /** As {@link #run(ArrivalStream)}, with the run's zero at {@code startNanos}. */
  public void run(ArrivalStream arrivals, long startNanos) {
    this.startNanos = startNanos;
    boolean batching = options.batchSize() > 1 && options.batchMix() > 0;
    List<Send.Item> pending = new ArrayList<>();
    Arrival next = arrivals.next();
    while (!stopped && (next != null || !pending.isEmpty())) {
      long nextAt = next != null ? startNanos + next.offsetNanos() : Long.MAX_VALUE;
      long flushAt =
          pending.isEmpty() ? Long.MAX_VALUE : pending.get(0).scheduledNanos() + options.batchLingerNanos();
      if (flushAt < nextAt) {
        clock.parkUntil(flushAt);
        issue(new Send(List.copyOf(pending), true), flushAt);
        pending.clear();
        continue;
      }
      clock.parkUntil(nextAt);
      if (stopped) {
        break;
      }
      Send.Item item = new Send.Item(seq.getAndIncrement(), nextAt, next.report());
      if (batching && batchChoice.nextDouble() < options.batchMix()) {
        pending.add(item);
        if (pending.size() >= options.batchSize()) {
          issue(new Send(List.copyOf(pending), true), nextAt);
          pending.clear();
        }
      } else {
        issue(new Send(List.of(item), false), nextAt);
      }
      next = arrivals.next();
    }
    if (!pending.isEmpty() && !stopped) {
      issue(new Send(List.copyOf(pending), true), clock.nanoTime());
    }
  }

  private void issue(Send send, long dueNanos) {
    maxLagNanos = Math.max(maxLagNanos, clock.nanoTime() - dueNanos);
    metrics.offered(send.size());
    lock.lock();
    try {
      if (inFlight + send.size() > options.maxInFlight()) {
        metrics.error("dropped_in_flight_cap", send.size());
        return;
      }
      inFlight += send.size();
    } finally {
      lock.unlock();
    }
    int n = send.size();
    dispatcher.dispatch(send, () -> completed(n));
  }

  private void completed(int n) {
    lock.lock();
    try {
      inFlight -= n;
      if (inFlight == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops issuing; what is in flight goes on. */
  public void stop() {
    stopped = true;
  }

  public boolean stopped() {
    return stopped;
  }

  /** Waits until nothing is in flight; false if the timeout passed first. */
  public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long left = unit.toNanos(timeout);
    lock.lock();
    try {
      while (inFlight > 0) {
        if (left <= 0) {
          return false;
        }
        left = idle.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  public int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  public long startNanos() {
    return startNanos;
  }

  /** How late the pacer issued its worst send: the load generator's own lag. */
  public long maxLagNanos() {
    return maxLagNanos;
  }
}
