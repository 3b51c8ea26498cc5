package org.hamal.gateway.live;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The coalesced clients of one server verticle, grouped by what they see: one filter, the same
 * right to personal data, the same marker rule. A flock stands at one position in the log; each
 * change is offered to it once, and each tick its batch is built and encoded once and written to
 * every member. 1,000 screens on a handful of filters cost a handful of batches per tick, not a
 * thousand (issue 31). Confined to the verticle's event loop.
 */
final class Flocks {

  /** Clients who see the same, at the same position. */
  static final class Flock {
    final String key;
    final LiveFilter filter;
    final boolean personal;
    final boolean confined;
    final Set<Subscriber> members = new LinkedHashSet<>();
    final PendingChanges pending = new PendingChanges();
    long pos;
    String posTag;
    /** Its changes overflowed: every member needs a fresh snapshot. */
    boolean overflowed;

    private Flock(String key, Subscriber first) {
      this.key = key;
      this.filter = first.filter;
      this.personal = first.personal;
      this.confined = first.caller.isConfinedToDistricts();
      this.pos = first.pos;
      this.posTag = first.posTag;
    }
  }

  /** What a flock's batch needs from the node at a tick. */
  interface Batches {
    /** The lowest priority drawn as a marker for such clients now. */
    int minMarker(boolean confined);

    /** Reports of an incident below this priority are shown as the incident only, now (0: none). */
    int incidentFoldBelow(boolean confined);

    /** The open-report counts for a filter, as the batch carries them. */
    io.vertx.core.json.JsonObject counts(LiveFilter filter);
  }

  private final Map<String, Flock> flocks = new HashMap<>();
  private final int maxPending;
  private final Batches batches;

  Flocks(int maxPending, Batches batches) {
    this.maxPending = maxPending;
    this.batches = batches;
  }

  int size() {
    return flocks.size();
  }

  /** Clients in a flock. */
  int members() {
    int n = 0;
    for (Flock f : flocks.values()) {
      n += f.members.size();
    }
    return n;
  }

  /**
   * Takes a client into the flock of its view, if it stands where that flock stands (a flock is
   * made for it when there is none); false when it cannot join now. The caller has flushed it and
   * checked that nothing of its own waits.
   */
  boolean join(Subscriber s) {
    String key = key(s);
    Flock f = flocks.get(key);
    if (f == null) {
      f = new Flock(key, s);
      flocks.put(key, f);
    } else if (f.pos != s.pos || !f.pending.isEmpty()) {
      return false;
    }
    f.members.add(s);
    s.flock = f;
    return true;
  }

  /**
   * Takes a client out of its flock. With {@code withChanges}, it takes the flock's waiting
   * changes and position along (it goes on alone, coalesced); else it is about to be brought up
   * to date anyway.
   */
  void leave(Subscriber s, boolean withChanges) {
    Flock f = s.flock;
    if (f == null) {
      return;
    }
    s.flock = null;
    f.members.remove(s);
    if (withChanges) {
      s.pending = f.pending.copy();
      s.needsSnapshot = f.overflowed;
      s.pos = f.pos;
      s.posTag = f.posTag;
      s.mode = Subscriber.Mode.COALESCED;
      s.calmTicks = 0;
    }
    if (f.members.isEmpty()) {
      flocks.remove(f.key);
    }
  }

  /** Offers a batch of changes to every flock; escalations go to each member at once. */
  void offer(List<LiveEvent> batch) {
    for (Flock f : flocks.values()) {
      for (LiveEvent e : batch) {
        offer(f, e);
      }
    }
  }

  private void offer(Flock f, LiveEvent e) {
    if (!e.synthetic) {
      if (e.seq <= f.pos) {
        return;
      }
      f.pos = e.seq;
      f.posTag = e.tag;
    }
    LiveFilter.Effect effect = f.filter.effectOf(e);
    switch (effect) {
      case NONE -> { }
      case ESCALATE -> {
        if (!f.overflowed) {
          send(f, batches); // what waits goes first: the escalation's position must not pass it
        }
        for (Subscriber m : f.members) {
          if (e.seq > m.escalatedUpTo && !m.socket.isClosed()) {
            m.socket.writeFrame(Frames.text(e.frame(f.personal)));
            m.escalatedUpTo = e.seq; // a snapshot taken at an older position does not raise it again
          }
        }
      }
      case SHOW, REMOVE -> {
        if (!f.overflowed && !f.pending.put(e, effect == LiveFilter.Effect.REMOVE, maxPending)) {
          f.overflowed = true;
        }
      }
    }
  }

  /**
   * A tick: each flock's batch, built once, to each member. A member whose send buffer is full
   * leaves with the changes (it is flushed alone once it reads again); a member {@code stays} no
   * longer admits goes on alone.
   */
  void tick(Predicate<Subscriber> stays, Consumer<Subscriber> alone) {
    for (Flock f : new ArrayList<>(flocks.values())) {
      for (Subscriber m : new ArrayList<>(f.members)) {
        if (!m.socket.isClosed() && m.socket.writeQueueFull()) {
          leave(m, true);
        }
      }
      if (f.overflowed) {
        for (Subscriber m : new ArrayList<>(f.members)) {
          leave(m, true);
          alone.accept(m);
        }
        continue;
      }
      send(f, batches);
      for (Subscriber m : new ArrayList<>(f.members)) {
        if (!stays.test(m)) {
          leave(m, true);
        }
      }
    }
  }

  /** The flock's batch, built once, to each member; every member is then at the flock's position. */
  private static void send(Flock f, Batches batches) {
    if (!f.pending.isEmpty()) {
      ByteBuf frame = f.pending.drain(batches.minMarker(f.confined), f.personal, batches.incidentFoldBelow(f.confined))
          .build(f.pos, f.posTag, batches.counts(f.filter));
      for (Subscriber m : f.members) {
        if (!m.socket.isClosed()) {
          m.socket.writeFrame(Frames.text(frame));
        }
      }
    }
    for (Subscriber m : f.members) {
      m.pos = f.pos;
      m.posTag = f.posTag;
    }
  }

  /** What a flock shares: the filter, the right to personal data, the marker rule. */
  private static String key(Subscriber s) {
    return s.filter.toJson().encode() + '|' + s.personal + '|' + s.caller.isConfinedToDistricts();
  }
}
