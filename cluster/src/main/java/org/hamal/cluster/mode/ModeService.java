package org.hamal.cluster.mode;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.StartupWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's mode. The store holds the state in force ({@link ModeRepository}), so that an
 * emergency and a supervisor's hold survive a full restart; a Hazelcast map holds the same state
 * for every member to watch, so every node learns of a change within milliseconds. An audited
 * change (of mode, hold, actor or reason) is written to the store first, over the version it was
 * decided from, with its audit entry, then to the map: two deciders never both win, and the API,
 * the history and the screens never disagree. Automatic changes are decided by the oldest member
 * only, every {@code tickMillis}; the hysteresis bookkeeping lives in the map's state, so when the
 * oldest member dies its successor carries on where it left off.
 */
public final class ModeService {

  private static final Logger LOG = LoggerFactory.getLogger(ModeService.class);
  private static final String STATE = "state";
  private static final String CALL_CENTER = "call-center";
  /** A node's published intake rate older than this is ignored (the node is gone). */
  private static final long RATE_STALE_MILLIS = 5_000;
  /** Changes that lost the race to another change are decided again this many times at most. */
  private static final int CHANGE_ATTEMPTS = 5;
  /** Every this many ticks the oldest member brings the map up to the store's state. */
  private static final int CATCH_UP_TICKS = 30;

  private final ClusterNode node;
  private final ModeRepository repository;
  private final ModePolicy policy;
  private final ModeThresholds thresholds;
  private final IMap<String, String> map;
  private final IMap<String, String> rates;
  private final List<Consumer<ModeState>> listeners = new CopyOnWriteArrayList<>();
  private volatile ModeState current;
  /** Distinct alert areas alerted within the window, from the node's alerts; none until wired. */
  private volatile IntSupplier alertedAreas = () -> 0;
  private long timer = -1;
  private long ticks;
  /** An evaluation still running (a slow store): the next ticks skip rather than pile up behind it. */
  private boolean evaluating;

  private ModeService(ClusterNode node, ModeRepository repository, ModeThresholds thresholds) {
    this.node = node;
    this.repository = repository;
    this.thresholds = thresholds;
    this.policy = new ModePolicy(thresholds);
    this.map = node.hazelcast().getMap(ClusterMaps.MODE);
    this.rates = node.hazelcast().getMap(ClusterMaps.INTAKE_RATES);
  }

  /**
   * Joins the cluster's mode and starts watching it. The first member of a cluster takes the
   * state from the store (ROUTINE for a new store) and writes to the audit log that the cluster
   * started, or restarted in that mode.
   */
  public static Future<ModeService> start(ClusterNode node, ModeRepository repository, ModeThresholds thresholds) {
    ModeService service = new ModeService(node, repository, thresholds);
    return repository.state()
        .compose(stored -> node.vertx()
            .executeBlocking(() -> service.join(stored.orElse(null)), false)
            .compose(joined -> joined ? service.recordStart(stored.isPresent()) : Future.succeededFuture()))
        .map(v -> {
          service.timer = node.vertx().setPeriodic(thresholds.tickMillis(), id -> service.tick());
          return service;
        });
  }

  /** Watches the map and puts the stored state in it if it is empty; true if this member did. */
  private boolean join(ModeState stored) {
    map.addEntryListener(new Watcher(), STATE, true);
    ModeState candidate = stored != null ? stored : ModeState.initial(now());
    String existing = StartupWrites.putIfAbsent(map, STATE, candidate.toJson().encode());
    ModeState joined = existing != null ? ModeState.fromJson(new JsonObject(existing)) : candidate;
    // The watcher may have delivered a later state meanwhile.
    ModeState seen = current;
    if (seen == null || seen.version() < joined.version()) {
      current = joined;
    }
    return existing == null;
  }

  /** The audit entry of a cluster's start: a new store's first state, or a restart in the stored mode. */
  private Future<Void> recordStart(boolean restarted) {
    ModeState state = current;
    if (!restarted) {
      ModeState first = state.withVersion(1);
      ModeAudit audit = audit(state, first, new JsonObject().put("manual", false));
      return repository.transition(0, first, audit)
          .compose(written -> written ? publish(first) : catchUp());
    }
    String held = state.manual() ? ", held by " + state.actor() : "";
    LOG.info("Cluster restarted in {}{} ({})", state.mode(), held, state.reason());
    return repository.audit(new ModeAudit(
        UUID.randomUUID().toString(), Instant.now(), state.mode(), state.mode(), "restart", "system",
        "cluster restarted in " + state.mode().wire() + held + ": " + state.reason(),
        new JsonObject()
            .put("manual", state.manual())
            .put("restart", true)
            .put("heldBy", state.actor())
            .put("since", state.since().toEpochMilli())
            .encode()));
  }

  public ModeState current() {
    return current;
  }

  public ModeThresholds thresholds() {
    return thresholds;
  }

  /** The audit log, newest first. */
  public Future<List<ModeAudit>> history(int limit) {
    return repository.history(limit);
  }

  /** Called on a Hazelcast thread, on every node, with each state whose hold changed. */
  public void onChange(Consumer<ModeState> listener) {
    listeners.add(listener);
  }

  /**
   * A supervisor sets the mode; it holds until released. Setting the mode in force again (with
   * another reason, or by another supervisor) is a change like any other: audited, and on every
   * screen.
   */
  public Future<ModeState> setManual(Mode mode, String reason, String actor) {
    return change(
        s -> new ModeState(mode, true, "manual", actor, reason,
            s.mode() == mode ? s.since() : now(), null, null, s.version()),
        1);
  }

  /** A supervisor releases a manual setting; automatic triggers decide again from now. */
  public Future<ModeState> release(String reason, String actor) {
    return change(
        s -> new ModeState(s.mode(), false, "release", actor, reason, s.since(), null, null, s.version()), 1);
  }

  /** The telephony system's latest load report. */
  public Future<Void> reportCallCenter(CallCenterLoad load) {
    return node.vertx().executeBlocking(() -> {
      map.set(CALL_CENTER, load.toJson().encode());
      return null;
    });
  }

  /** This node's intake rate over the last second; the decider sums all nodes'. */
  public void publishIntakeRate(double perSecond) {
    rates.setAsync(node.nodeId(), new JsonObject().put("rate", perSecond).put("at", System.currentTimeMillis()).encode(),
        RATE_STALE_MILLIS * 2, TimeUnit.MILLISECONDS);
  }

  /** Where the decider learns how many alert areas were alerted lately ({@code mode.alertAreas}). */
  public void alertedAreas(IntSupplier source) {
    this.alertedAreas = source;
  }

  /** The signals the decider sees now (for GET /api/v1/mode). */
  public Future<ModePolicy.Signals> signals() {
    return node.vertx().executeBlocking(this::readSignals, false);
  }

  private ModePolicy.Signals readSignals() {
    long now = System.currentTimeMillis();
    double rate = 0;
    for (String v : rates.values()) {
      JsonObject r = new JsonObject(v);
      if (now - r.getLong("at") <= RATE_STALE_MILLIS) {
        rate += r.getDouble("rate");
      }
    }
    String cc = map.get(CALL_CENTER);
    return new ModePolicy.Signals(
        rate, cc == null ? null : CallCenterLoad.fromJson(new JsonObject(cc)), alertedAreas.getAsInt());
  }

  private void tick() {
    if (!node.isOldestMember() || evaluating) {
      return; // the oldest member decides, one evaluation at a time
    }
    evaluating = true;
    // Now and then the map is brought up to the store: a change committed whose publication failed
    // (or whose node died just then) must not leave the screens behind the store for good.
    Future<Void> caughtUp = ++ticks % CATCH_UP_TICKS == 0 ? catchUp() : Future.succeededFuture();
    caughtUp
        .compose(v -> change(s -> policy.next(s, readSignals(), now()), 1))
        .onFailure(err -> LOG.warn("Mode evaluation failed", err))
        .onComplete(ar -> evaluating = false);
  }

  /** A step of a change: the state it was decided from, the next one, and whether it is audited. */
  private record Step(ModeState before, ModeState after, boolean audited) {}

  /**
   * Applies {@code f} to the state in force. Bookkeeping alone goes to the map (compare-and-set);
   * an audited change goes to the store first, over the version it was decided from, then to the
   * map. A change that lost to another is decided again from the newer state.
   */
  private Future<ModeState> change(UnaryOperator<ModeState> f, int attempt) {
    return node.vertx()
        .executeBlocking(() -> {
          while (true) {
            String raw = map.get(STATE);
            if (raw == null) {
              return null; // the entry was lost with its members: the store has it
            }
            ModeState before = ModeState.fromJson(new JsonObject(raw));
            ModeState after = f.apply(before);
            if (after.equals(before)) {
              return new Step(before, before, false);
            }
            if (!after.sameHold(before)) {
              return new Step(before, after.withVersion(before.version() + 1), true);
            }
            if (map.replace(STATE, raw, after.toJson().encode())) {
              return new Step(before, after, false);
            }
          }
        }, false)
        .compose(step -> step == null
            ? catchUp().compose(v -> attempt >= CHANGE_ATTEMPTS
                ? Future.failedFuture(new IllegalStateException("the cluster has no mode state"))
                : change(f, attempt + 1))
            : !step.audited()
            ? Future.succeededFuture(step.after())
            : repository.transition(step.before().version(), step.after(), audit(step.before(), step.after(),
                    new JsonObject().put("manual", step.after().manual())))
                .compose(written -> {
                  if (written) {
                    ModeState after = step.after();
                    LOG.info("Mode {} -> {} ({}, {}: {})", step.before().mode(), after.mode(), after.trigger(), after.actor(), after.reason());
                    return publish(after).map(after);
                  }
                  if (attempt >= CHANGE_ATTEMPTS) {
                    return Future.failedFuture(new IllegalStateException("the mode kept changing under this change"));
                  }
                  return catchUp().compose(v -> change(f, attempt + 1));
                }));
  }

  /** Puts a stored state in the map, unless the map already holds it or a later one. */
  private Future<Void> publish(ModeState state) {
    String json = state.toJson().encode();
    return node.vertx().executeBlocking(() -> {
      while (true) {
        String raw = map.get(STATE);
        if (raw != null && ModeState.fromJson(new JsonObject(raw)).version() >= state.version()) {
          return null;
        }
        if (raw == null ? map.putIfAbsent(STATE, json) == null : map.replace(STATE, raw, json)) {
          return null;
        }
      }
    }, false);
  }

  /** Brings the map up to the store's state, which a change that lost to another found newer. */
  private Future<Void> catchUp() {
    return repository.state().compose(stored -> stored.isPresent() ? publish(stored.get()) : Future.succeededFuture());
  }

  /** The store keeps milliseconds: so does the state, or a restart would change it. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static ModeAudit audit(ModeState before, ModeState after, JsonObject details) {
    return new ModeAudit(
        UUID.randomUUID().toString(), Instant.now(), after.mode(), before.mode(),
        after.trigger(), after.actor(), after.reason(), details.encode());
  }

  public Future<Void> stop() {
    node.vertx().cancelTimer(timer);
    return Future.succeededFuture();
  }

  private final class Watcher implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      changed(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      changed(event.getValue());
    }

    private void changed(String raw) {
      ModeState state = ModeState.fromJson(new JsonObject(raw));
      ModeState previous = current;
      current = state;
      if (previous == null || !previous.sameHold(state)) {
        listeners.forEach(l -> l.accept(state));
      }
    }
  }
}
