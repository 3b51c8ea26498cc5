package org.hamal.gateway.live;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hamal.cluster.events.Reconciler;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.gateway.auth.Caller;

/**
 * What a node's live streams share: the recent window of events (decoded and encoded once), the
 * open-report counts per district, and the socket groups the feed hands each batch to. Written
 * by the feed on its own event loop, read by every server verticle: all of it thread-safe.
 */
public final class LiveHub {

  private static final int RECENT_REPORTS = 100_000;

  private final ReportEvents events;
  private final LiveConfig config;
  private final NavigableMap<Long, LiveEvent> window = new ConcurrentSkipListMap<>();
  private final List<LiveSockets> groups = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile long lastSeq = -1;
  /**
   * The tags of the events dropped as repeats, which the window does not hold, by sequence: a
   * client's position can be one (the node's last sequence when it connected or its snapshot was
   * taken). Trimmed with the window.
   */
  private final NavigableMap<Long, String> repeatTags = new ConcurrentSkipListMap<>();
  /**
   * The newest version handed out per report, for the recent reports: written by the feed thread
   * only, read by the reconciliation after a member left ({@link #handedOut}).
   */
  private final Map<String, Integer> latestVersions = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
          return size() > Math.max(RECENT_REPORTS, config.windowEvents());
        }
      });
  private volatile boolean coalescingAll;
  /** The feed, told to read the log again from a sequence after {@link #rewind}. */
  private volatile java.util.function.LongConsumer rereadFrom = from -> {};

  private final double heatCellMeters;
  /**
   * Open reports per district and heat cell ("x|y" in cells east and north), like the district
   * counts: a client gets the cells of the districts it may see.
   */
  private final Map<String, Map<String, AtomicInteger>> heat = new ConcurrentHashMap<>();

  public LiveHub(ReportEvents events, LiveConfig config, double heatCellMeters) {
    this.events = events;
    this.config = config;
    this.heatCellMeters = heatCellMeters;
  }

  ReportEvents events() {
    return events;
  }

  private Snapshots snapshots;

  /**
   * The node's snapshots, shared by all its server verticles: a room's screens are spread over
   * the event loops, and one snapshot per filter per loop had held four times the reports.
   */
  synchronized Snapshots snapshots(org.hamal.gateway.NodeServices services, io.vertx.core.Vertx vertx) {
    if (snapshots == null) {
      snapshots = new Snapshots(services, this, vertx);
    }
    return snapshots;
  }

  LiveConfig config() {
    return config;
  }

  String epoch() {
    return events.epoch();
  }

  /** Sequence of the last event the feed has handed out. */
  long lastSeq() {
    return lastSeq;
  }

  /**
   * The tag of the event at {@code seq} as this node read it, null when it no longer holds it (or
   * the entry had none): with the sequence, it names the entry a client's position is at.
   */
  String tagAt(long seq) {
    LiveEvent e = window.get(seq);
    return e != null ? e.tag : repeatTags.get(seq);
  }

  /** Whether this node still holds the event at {@code seq} (so knows its tag). */
  boolean holds(long seq) {
    return window.containsKey(seq) || repeatTags.containsKey(seq);
  }

  /** Emergency mode sends every map coalesced batches instead of single events. */
  public void coalesceAll(boolean on) {
    coalescingAll = on;
  }

  boolean coalescingAll() {
    return coalescingAll;
  }

  /** Sends one message to every live client of this node, encoded once. */
  public void broadcast(JsonObject message) {
    broadcast(message, caller -> true);
  }

  /** Sends one message, encoded once, to the live clients of this node whose caller {@code to} admits. */
  public void broadcast(JsonObject message, Predicate<Caller> to) {
    broadcast(message, to, false);
  }

  /**
   * Sends one message, encoded once, to the live clients whose caller {@code to} admits, even to
   * those whose write queue is full: for what is never sent again (a rocket alert, its all-clear).
   */
  public void broadcastAlways(JsonObject message, Predicate<Caller> to) {
    broadcast(message, to, true);
  }

  private void broadcast(JsonObject message, Predicate<Caller> to, boolean always) {
    ByteBuf frame = Frames.encode(message.encode());
    for (LiveSockets group : groups) {
      group.broadcast(frame, to, always);
    }
  }

  /** Closes the streams of a token revoked before it expired (from any thread). */
  public void closeRevoked(String tokenId) {
    for (LiveSockets group : groups) {
      group.closeRevoked(tokenId);
    }
  }

  /**
   * The patrollers on duty a client may see, for its {@code subscribed} message (null: none, the
   * client may not see them). Positions are not in the change log: a client that resumes gets
   * them too.
   */
  private volatile Function<Caller, JsonArray> patrollers =
      caller -> null;

  public void patrollersFrom(
      Function<Caller, JsonArray> source) {
    patrollers = source;
  }

  JsonArray patrollersFor(Caller caller) {
    return patrollers.apply(caller);
  }

  void register(LiveSockets group) {
    groups.add(group);
  }

  void unregister(LiveSockets group) {
    groups.remove(group);
  }

  /** How the feed is told to read the log again from a sequence (see {@link #rewind}). */
  void onRewind(java.util.function.LongConsumer feed) {
    rereadFrom = feed;
  }

  /** Where the feed starts: events after {@code seq} are new to this node. */
  void startAt(long seq, List<JsonObject> openReports) {
    lastSeq = seq;
    counts.clear();
    heat.clear();
    for (JsonObject r : openReports) {
      counts.computeIfAbsent(r.getString("district"), d -> new AtomicInteger()).incrementAndGet();
      JsonObject loc = r.getJsonObject("location");
      heatCell(r.getString("district"), loc.getDouble("lon"), loc.getDouble("lat")).incrementAndGet();
    }
  }

  /**
   * Whether this node's feed read the report at this version or a newer one from the change log.
   * It remembers the last {@value #RECENT_REPORTS} reports (at least): the changes of
   * {@code Reconciler.IN_FLIGHT} at up to ≈ 3,000 changes a second.
   */
  public boolean handedOut(String reportId, int version) {
    Integer seen = latestVersions.get(reportId);
    return seen != null && seen >= version;
  }

  /**
   * Called by the feed, in sequence order. An event repeating a report version already handed
   * out (a publication retried after a member died under it) is dropped here, on every node
   * alike, since every node reads the same log.
   */
  void append(List<LiveEvent> batch) {
    List<LiveEvent> fresh = new ArrayList<>(batch.size());
    for (LiveEvent e : batch) {
      if (e.isReportChange()) {
        Integer seen = latestVersions.get(e.id);
        if (seen != null && e.version <= seen) {
          if (e.tag != null) {
            repeatTags.put(e.seq, e.tag);
          }
          continue;
        }
        latestVersions.put(e.id, e.version);
      }
      window.put(e.seq, e);
      count(e);
      fresh.add(e);
    }
    while (window.size() > config.windowEvents()) {
      window.pollFirstEntry();
    }
    if (!repeatTags.isEmpty()) {
      Map.Entry<Long, LiveEvent> first = window.firstEntry();
      repeatTags.headMap(first == null ? lastSeq : first.getKey(), false).clear();
    }
    lastSeq = batch.get(batch.size() - 1).seq;
    if (!fresh.isEmpty()) {
      for (LiveSockets group : groups) {
        group.dispatch(fresh);
      }
    }
  }

  /**
   * A benchmark's events (POST /bench/fanout), handed to every socket group exactly as
   * {@link #append} hands the feed's, but kept out of the window, the counts, the versions and the
   * sequence: nothing of them stays. Completes with the number of clients once every group has
   * delivered them.
   */
  Future<Integer> inject(List<LiveEvent> events) {
    for (int from = 0; from < events.size(); from += LiveFeedVerticle.READ_BATCH) {
      List<LiveEvent> batch = events.subList(from, Math.min(events.size(), from + LiveFeedVerticle.READ_BATCH));
      for (LiveSockets group : groups) {
        group.dispatch(batch);
      }
    }
    return sum(groups.stream().map(LiveSockets::delivered).toList());
  }

  /** The benchmark's bare loop: {@code n} copies of one frame to every client of the node. */
  Future<Integer> writeBare(ByteBuf frame, int n) {
    return sum(groups.stream().map(g -> g.writeBare(frame, n)).toList());
  }

  private static Future<Integer> sum(List<Future<Integer>> counts) {
    return Future.all(counts).map(all -> counts.stream().mapToInt(Future::result).sum());
  }

  private void count(LiveEvent e) {
    count(e, 1);
  }

  /** Counts an event's opening or closing of a report: {@code sign} -1 takes it back. */
  private void count(LiveEvent e, int sign) {
    if (e.isIncident()) {
      return;
    }
    int delta = switch (e.kind) {
      case CREATED -> sign;
      case CLOSED -> -sign;
      default -> 0;
    };
    // Every district a change names is listed in the counts, at 0 when nothing is open there.
    AtomicInteger n = counts.computeIfAbsent(e.district, d -> new AtomicInteger());
    if (delta != 0) {
      n.updateAndGet(v -> Math.max(0, v + delta));
      heatCell(e.district, e.lon, e.lat).updateAndGet(v -> Math.max(0, v + delta));
    }
  }

  /**
   * Takes back what the feed read from {@code from} on: the log holds other entries there now (its
   * partition's owner died with appends its backup never got, and their sequences went to later
   * appends). The events leave the window, their versions are forgotten (so that their retries and
   * re-announcements are handed out), the counts are taken back, and every client that may have
   * been sent one gets a fresh snapshot. The feed then reads the log again from {@code from}.
   */
  void rewind(long from) {
    rereadFrom.accept(from);
    NavigableMap<Long, LiveEvent> lost = window.tailMap(from, true);
    for (LiveEvent e : lost.values()) {
      if (e.isReportChange()) {
        latestVersions.remove(e.id);
      }
      count(e, -1);
    }
    lost.clear();
    repeatTags.tailMap(from, true).clear();
    lastSeq = from - 1;
    Snapshots taken = snapshots;
    if (taken != null) {
      taken.forgetShared(); // taken at positions that no longer exist
    }
    for (LiveSockets group : groups) {
      group.diverged(from);
    }
  }

  private AtomicInteger heatCell(String district, double lon, double lat) {
    return heat.computeIfAbsent(district, d -> new ConcurrentHashMap<>())
        .computeIfAbsent(cell(lon, lat), c -> new AtomicInteger());
  }

  private String cell(double lon, double lat) {
    long x = (long) Math.floor(lon * org.hamal.geo.Geodesy.metersPerDegreeLon(lat) / heatCellMeters);
    long y = (long) Math.floor(lat * org.hamal.geo.Geodesy.metersPerDegreeLat() / heatCellMeters);
    return x + "|" + y;
  }

  /**
   * The heat layer of some districts (all when {@code districts} is empty): open reports per grid
   * cell, each cell by its centre and its bounds (so a client draws it without the server's grid
   * formula). No {@code seq}: it is a node-wide picture, not a position in any client's stream.
   */
  JsonObject heat(Set<String> districts) {
    Map<String, Integer> byCell = new java.util.TreeMap<>();
    heat.forEach((district, cells) -> {
      if (reaches(districts, district)) {
        cells.forEach((key, n) -> byCell.merge(key, n.get(), Integer::sum));
      }
    });
    io.vertx.core.json.JsonArray cells = new io.vertx.core.json.JsonArray();
    double degLat = heatCellMeters / org.hamal.geo.Geodesy.metersPerDegreeLat();
    byCell.forEach((key, count) -> {
      if (count > 0) {
        String[] xy = key.split("\\|");
        long x = Long.parseLong(xy[0]);
        long y = Long.parseLong(xy[1]);
        double south = y * degLat;
        double lat = south + degLat / 2;
        // Cells are keyed by the width of a metre at the report's own latitude; at a city's
        // scale the cell centre's latitude gives the same columns.
        double degLon = heatCellMeters / org.hamal.geo.Geodesy.metersPerDegreeLon(lat);
        double west = x * degLon;
        cells.add(new JsonObject()
            .put("lon", round(west + degLon / 2))
            .put("lat", round(lat))
            .put("bounds", new io.vertx.core.json.JsonArray()
                .add(round(west)).add(round(south)).add(round(west + degLon)).add(round(south + degLat)))
            .put("count", count));
      }
    });
    return new JsonObject().put("type", "heat").put("cellMeters", heatCellMeters).put("cells", cells);
  }

  /** Sends every client the heat layer of the districts its filter reaches. */
  void broadcastHeat() {
    for (LiveSockets group : groups) {
      group.sendHeat();
    }
  }

  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }

  /**
   * The window's events after {@code seq}, or null when the window no longer reaches back that
   * far (the caller must read the cluster's log or send a snapshot).
   */
  NavigableMap<Long, LiveEvent> after(long seq) {
    Map.Entry<Long, LiveEvent> first = window.firstEntry();
    if (seq < lastSeq && (first == null || first.getKey() > seq + 1)) {
      return null;
    }
    return window.tailMap(seq, false);
  }

  /** Open reports per district, as last counted, for the districts a filter reaches. */
  JsonObject counts(LiveFilter filter) {
    JsonObject out = new JsonObject();
    counts.forEach(
        (d, n) -> {
          if (reaches(filter.districts(), d)) {
            out.put(d, n.get());
          }
        });
    return out;
  }

  /** Whether a client's districts take in a district: no districts means the whole city. */
  private static boolean reaches(Set<String> districts, String district) {
    return districts.isEmpty() || districts.contains(district);
  }

  /** Takes a connection slot; false when the node is at its limit. */
  boolean tryConnect() {
    if (connections.incrementAndGet() > config.maxConnections()) {
      connections.decrementAndGet();
      return false;
    }
    return true;
  }

  void disconnected() {
    connections.decrementAndGet();
  }

  /** Live clients connected to this node now. */
  public int connections() {
    return connections.get();
  }

  private final java.util.concurrent.atomic.LongAdder droppedSlow = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder droppedSilent = new java.util.concurrent.atomic.LongAdder();

  /** A client was dropped: too slow to read ({@code slow}) or not heard from ({@code silent}). */
  void dropped(boolean slow) {
    (slow ? droppedSlow : droppedSilent).increment();
  }

  /** Clients this node dropped since it started, for a reason of {@link #dropped(boolean)}. */
  public double dropped(String reason) {
    return ("slow".equals(reason) ? droppedSlow : droppedSilent).sum();
  }

  private final java.util.concurrent.atomic.LongAdder deliveryNanos = new java.util.concurrent.atomic.LongAdder();

  /** A server verticle's live delivery took this much of its thread's CPU. */
  void deliverySpent(long nanos) {
    deliveryNanos.add(nanos);
  }

  /** CPU this node's event loops spent delivering to live clients since it started. */
  public double deliveryCpuSeconds() {
    return deliveryNanos.sum() / 1e9;
  }

  /** Flocks of coalesced clients sharing one batch per tick, over the node's event loops. */
  public int flocks() {
    int n = 0;
    for (LiveSockets group : groups) {
      n += group.flocks();
    }
    return n;
  }

  /** Clients in a flock, over the node's event loops. */
  int flocked() {
    int n = 0;
    for (LiveSockets group : groups) {
      n += group.flocked();
    }
    return n;
  }

  /** The longest coalescing tick of the node's event loops now (longer when delivery is pressed). */
  public int coalesceTickMillis() {
    int longest = 0;
    for (LiveSockets group : groups) {
      longest = Math.max(longest, group.tickMillis());
    }
    return longest;
  }

  /** Open reports per district, as last counted (districts named by changes, at 0 when none). */
  public java.util.Map<String, Integer> openByDistrict() {
    java.util.Map<String, Integer> out = new java.util.HashMap<>();
    counts.forEach((d, n) -> out.put(d, n.get()));
    return out;
  }
}
