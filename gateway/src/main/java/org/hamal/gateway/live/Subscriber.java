package org.hamal.gateway.live;

import io.vertx.core.http.ServerWebSocket;
import java.util.Map;
import org.hamal.cluster.mode.Mode;
import org.hamal.gateway.auth.Caller;

/**
 * One live client and where it stands in the stream. Confined to its server verticle's event
 * loop.
 */
final class Subscriber {

  enum Mode {
    /** Each matching event is sent as it comes. */
    LIVE,
    /** Being brought up to date (snapshot or resume); events wait in the hub's window. */
    SYNCING,
    /** Too many events or a full send buffer: the latest state per report, once per tick. */
    COALESCED
  }

  final ServerWebSocket socket;
  final Caller caller;
  final boolean personal;
  LiveFilter filter;
  Mode mode = Mode.LIVE;
  /** The last sequence this client has been brought past (sent or filtered out). */
  long pos;
  /** The tag of the entry at {@link #pos}, null when unknown: resume tokens carry it. */
  String posTag;
  long lastHeard;
  /** Since when its send buffer has been full at every heartbeat, or -1. */
  long fullSince = -1;
  /** The timer that closes the stream when its token expires, or -1. */
  long expiryTimer = -1;
  /** How much of what it was sent it has taken (null: its channel is not reachable). */
  SendProgress progress;
  /** Coalesced changes, bounded by {@code maxPendingReports}; while in a flock, the flock's are its. */
  PendingChanges pending = new PendingChanges();
  /** The flock it is coalesced with, or null when it is sent to alone. */
  Flocks.Flock flock;
  /** The pending changes overflowed: a fresh snapshot is due once the client reads again. */
  boolean needsSnapshot;
  int calmTicks;
  /** Versions the last snapshot sent, so that later events it already contained are skipped. */
  Map<String, Integer> snapshotVersions;
  /** The log's tail when that snapshot was read; its versions are kept until well past it. */
  long snapshotTail;
  /** The snapshot this client last asked for: an answer to an earlier ask is ignored. */
  Object snapshotAsk;
  /** A snapshot query of this client's is running: a newer ask waits for it, not beside it. */
  boolean snapshotQuerying;
  /** Why the newest ask wants a snapshot, while it waits for the query running (else null). */
  String snapshotWaiting;
  /** Messages the client may still send now (a token bucket, refilled at a steady rate). */
  private double messageAllowance = -1;
  private long allowanceAt;
  /** Escalations up to this sequence were already offered to it (not raised twice). */
  long escalatedUpTo = -1;
  /**
   * Whether the escalations up to {@link #pos} were offered under the current filter; false after
   * a subscribe changed it, until its snapshot is sent.
   */
  boolean escalationsOfThisFilter = true;
  /** What to continue with once the send buffer has drained (snapshot pages). */
  Runnable onDrain;
  /** Events per second this client takes one by one (it may ask for fewer than the node's). */
  int budget;
  /** The client asked for coalesced batches only (a map that redraws once per tick). */
  boolean alwaysCoalesce;
  private long rateWindowStart;
  private int sentInWindow;

  Subscriber(ServerWebSocket socket, Caller caller, LiveFilter filter, long pos, long now) {
    this.socket = socket;
    this.caller = caller;
    this.personal = caller.seesPersonalData();
    this.filter = filter;
    this.pos = pos;
    this.lastHeard = now;
    this.rateWindowStart = now;
  }

  /**
   * Counts a message from the client; false when it is over its allowance ({@code perSecond} on
   * average, {@code burst} at once).
   */
  boolean mayTalk(long now, int perSecond, int burst) {
    if (messageAllowance < 0) {
      messageAllowance = burst;
    } else {
      messageAllowance = Math.min(burst, messageAllowance + (now - allowanceAt) * perSecond / 1000.0);
    }
    allowanceAt = now;
    if (messageAllowance < 1) {
      return false;
    }
    messageAllowance--;
    return true;
  }

  /** Counts one event for this client; true when it is over its per-second budget. */
  boolean overBudget(long now, int budgetPerSecond) {
    if (now - rateWindowStart >= 1000) {
      rateWindowStart = now;
      sentInWindow = 0;
    }
    return ++sentInWindow > budgetPerSecond;
  }

  /** Events offered to this client in the current second. */
  int recentRate(long now) {
    return now - rateWindowStart >= 1000 ? 0 : sentInWindow;
  }

  /** True when an event for this report is not newer than what the last snapshot sent. */
  boolean alreadySent(LiveEvent e) {
    if (snapshotVersions == null) {
      return false;
    }
    Integer sent = snapshotVersions.get(e.id);
    return sent != null && e.version <= sent;
  }
}
