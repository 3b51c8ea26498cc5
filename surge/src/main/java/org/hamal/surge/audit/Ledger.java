package org.hamal.surge.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * What was acknowledged and what each subscriber received, by report id: the basis of the loss
 * audit and of the intake-to-screen latency. Subscribers are added before the load starts.
 * Acknowledgements and deliveries may come in either order (the server publishes a report as it
 * sends the 201); both are recorded on the id's entry under its lock.
 */
public final class Ledger {

  /** Why {@link #awaitDeliveries} returned. */
  public enum DrainReason { COMPLETE, QUIET, MAX_WAIT }

  /** How a report reached a subscriber. */
  private enum Arrival { MARKER, RESTATED, FOLDED }

  // A subscriber's mark on a report, one byte (a barrage holds reports x subscribers of them): how
  // often its creation came as a marker (capped), and whether a batch told of it folded.
  private static final int MARKERS = 0x3F;
  private static final int FOLDED = 0x40;

  private static final class Entry {
    long ackNanos = -1;
    String district;
    String category;
    int acks;
    final byte[] marks;

    Entry(int subscribers) {
      marks = new byte[subscribers];
    }
  }

  private final List<String> names = new ArrayList<>();
  private final List<Scope> scopes = new ArrayList<>();
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final LongConsumer deliveryLatency;
  private final ReentrantLock drainLock = new ReentrantLock();
  private final Condition drained = drainLock.newCondition();
  private volatile boolean frozen;
  private volatile long lastDeliveryNanos;
  // Guarded by drainLock.
  private long expected;
  private long matched;
  private long beforeAck;

  /**
   * @param clock the JVM clock shared with the intake (nanoseconds)
   * @param deliveryLatency receives each expected delivery's latency after its acknowledgement
   */
  public Ledger(LongSupplier clock, LongConsumer deliveryLatency) {
    this.clock = clock;
    this.deliveryLatency = deliveryLatency;
    this.lastDeliveryNanos = clock.getAsLong();
  }

  /** Adds a subscriber before any acknowledgement; returns its index. */
  public synchronized int addSubscriber(String name, Scope scope) {
    if (frozen) {
      throw new IllegalStateException("subscribers are added before the load starts");
    }
    names.add(name);
    scopes.add(scope);
    return names.size() - 1;
  }

  private Entry entry(String id) {
    if (!frozen) {
      synchronized (this) {
        frozen = true;
      }
    }
    return entries.computeIfAbsent(id, k -> new Entry(names.size()));
  }

  /** The server acknowledged the report {@code id} at {@code ackNanos}. */
  public void acked(String id, String district, String category, long ackNanos) {
    Entry e = entry(id);
    synchronized (e) {
      e.acks++;
      if (e.acks > 1) {
        return; // two reports answered with one id: the audit lists it
      }
      e.ackNanos = ackNanos;
      e.district = district;
      e.category = category;
      long exp = 0, got = 0;
      for (int s = 0; s < e.marks.length; s++) {
        if (scopes.get(s).expects(district, category)) {
          exp++;
          if (e.marks[s] != 0) {
            got++;
            deliveryLatency.accept(0);
          }
        }
      }
      count(exp, got, got);
    }
  }

  /** Subscriber {@code subscriber} received the report {@code id} (its creation) at {@code atNanos}. */
  public void delivered(int subscriber, String id, long atNanos) {
    record(subscriber, id, atNanos, Arrival.MARKER);
  }

  /**
   * Subscriber {@code subscriber} was given the report {@code id} again as it now stands, at
   * {@code atNanos}: in a snapshot (after a reconnection that could not resume, say), or at a
   * later version in a coalesced batch. A delivery if it had not received it yet; what it already
   * had is no duplicate.
   */
  public void restated(int subscriber, String id, long atNanos) {
    record(subscriber, id, atNanos, Arrival.RESTATED);
  }

  /**
   * A batch told subscriber {@code subscriber} at {@code atNanos} that the report {@code id}
   * changed and is in its counts, not sent as a marker (an emergency's map, below the marker
   * priority): the screen learned of it, so it is delivered. Never a duplicate: a folded id says
   * "changed since your last batch" without a version, and a report may change and be folded
   * again, or rise above the marker priority and come as a marker afterwards.
   */
  public void folded(int subscriber, String id, long atNanos) {
    record(subscriber, id, atNanos, Arrival.FOLDED);
  }

  private void record(int subscriber, String id, long atNanos, Arrival arrival) {
    Entry e = entry(id);
    lastDeliveryNanos = atNanos;
    synchronized (e) {
      int mark = e.marks[subscriber];
      int markers = mark & MARKERS;
      int now = switch (arrival) {
        case MARKER -> (mark & FOLDED) | Math.min(MARKERS, markers + 1);
        case RESTATED -> markers > 0 ? mark : mark | 1;
        case FOLDED -> mark | FOLDED;
      };
      e.marks[subscriber] = (byte) now;
      if (mark == 0
          && e.acks > 0
          && scopes.get(subscriber).expects(e.district, e.category)) {
        deliveryLatency.accept(atNanos - e.ackNanos);
        count(0, 1, 0);
      }
    }
    // No signal otherwise: the waiter re-reads lastDeliveryNanos when its quiet deadline comes.
  }

  private void count(long exp, long got, long early) {
    drainLock.lock();
    try {
      expected += exp;
      matched += got;
      beforeAck += early;
      if (matched >= expected) {
        drained.signalAll();
      }
    } finally {
      drainLock.unlock();
    }
  }

  /** Expected deliveries so far, and how many of them arrived. */
  public long[] progress() {
    drainLock.lock();
    try {
      return new long[] {expected, matched};
    } finally {
      drainLock.unlock();
    }
  }

  /**
   * Waits after the last acknowledgement until every expected delivery has arrived, or no
   * delivery came for {@code quietNanos}, or {@code maxNanos} passed.
   */
  public DrainReason awaitDeliveries(long quietNanos, long maxNanos) throws InterruptedException {
    long start = clock.getAsLong();
    drainLock.lock();
    try {
      while (true) {
        if (matched >= expected) {
          return DrainReason.COMPLETE;
        }
        long now = clock.getAsLong();
        long quietDeadline = Math.max(lastDeliveryNanos, start) + quietNanos;
        long maxDeadline = start + maxNanos;
        if (now >= maxDeadline) {
          return DrainReason.MAX_WAIT;
        }
        if (now >= quietDeadline) {
          return DrainReason.QUIET;
        }
        drained.awaitNanos(Math.min(quietDeadline, maxDeadline) - now);
      }
    } finally {
      drainLock.unlock();
    }
  }

  /** The acknowledged ids, for the read-back. */
  public List<String> acknowledgedIds() {
    List<String> ids = new ArrayList<>();
    entries.forEach(
        (id, e) -> {
          synchronized (e) {
            if (e.acks > 0) {
              ids.add(id);
            }
          }
        });
    return ids;
  }

  /**
   * The audit, given the read-back: ids the store answered 404 for, and ids whose read-back
   * failed otherwise (with why).
   */
  public AuditResult audit(Set<String> notFound, Map<String, String> unreadable) {
    int n = names.size();
    long[] exp = new long[n], got = new long[n], fold = new long[n], miss = new long[n], dup = new long[n];
    long[] out = new long[n];
    long acknowledged = 0, duplicateAcks = 0, missingDeliveries = 0, duplicateDeliveries = 0, foldedOnly = 0;
    long outOfScope = 0, unacknowledged = 0, expectedTotal = 0, deliveredExpected = 0;
    List<String> duplicateAckIds = new ArrayList<>();
    List<AuditResult.Miss> missing = new ArrayList<>();
    List<AuditResult.Duplicate> duplicates = new ArrayList<>();
    List<String> missingInStore = new ArrayList<>();
    for (Map.Entry<String, Entry> me : entries.entrySet()) {
      String id = me.getKey();
      Entry e = me.getValue();
      synchronized (e) {
        if (e.acks == 0) {
          unacknowledged++;
          continue;
        }
        acknowledged++;
        if (e.acks > 1) {
          duplicateAcks++;
          addCapped(duplicateAckIds, id);
        }
        if (notFound.contains(id)) {
          addCapped(missingInStore, id);
        }
        for (int s = 0; s < n; s++) {
          int mark = e.marks[s];
          int c = mark & MARKERS;
          if (scopes.get(s).expects(e.district, e.category)) {
            expectedTotal++;
            exp[s]++;
            if (mark == 0) {
              missingDeliveries++;
              miss[s]++;
              addCapped(missing, new AuditResult.Miss(names.get(s), id));
            } else {
              deliveredExpected++;
              got[s]++;
              if (c == 0) {
                foldedOnly++;
                fold[s]++;
              }
              if (c > 1) {
                duplicateDeliveries++;
                dup[s]++;
                addCapped(duplicates, new AuditResult.Duplicate(names.get(s), id, c));
              }
            }
          } else if (mark != 0) {
            outOfScope++;
            out[s]++;
          }
        }
      }
    }
    List<AuditResult.SubscriberTally> tallies = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      tallies.add(
          new AuditResult.SubscriberTally(
              names.get(s), scopes.get(s).toString(), exp[s], got[s], fold[s], miss[s], dup[s], out[s]));
    }
    long early;
    drainLock.lock();
    try {
      early = beforeAck;
    } finally {
      drainLock.unlock();
    }
    Map<String, String> unreadableCapped = new LinkedHashMap<>();
    unreadable.entrySet().stream()
        .limit(AuditResult.LIST_CAP)
        .forEach(x -> unreadableCapped.put(x.getKey(), x.getValue()));
    long found = acknowledged - notFound.size() - unreadable.size();
    return new AuditResult(
        acknowledged, found, notFound.size(), missingInStore, unreadableCapped, duplicateAcks,
        duplicateAckIds, expectedTotal, deliveredExpected, foldedOnly, missingDeliveries, missing,
        duplicateDeliveries, duplicates, outOfScope, unacknowledged, early, tallies);
  }

  private static <T> void addCapped(List<T> list, T item) {
    if (list.size() < AuditResult.LIST_CAP) {
      list.add(item);
    }
  }
}
