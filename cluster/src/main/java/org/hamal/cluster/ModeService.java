package org.hamal.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's mode: one state in a Hazelcast map that every member watches, so every node
 * learns of a change within milliseconds. Changes are compare-and-set, so two deciders never both
 * win, and each is written to the audit log. Automatic changes are decided by the oldest member
 * only, every {@code tickMillis}; the hysteresis bookkeeping lives in the state itself, so when
 * the oldest member dies its successor carries on where it left off.
 */
public final class ModeService {

  private static final Logger LOG = LoggerFactory.getLogger(ModeService.class);
  static final String MAP = "hamal.mode";
  static final String RATES_MAP = "hamal.intake.rates";
  private static final String STATE = "state";
  private static final String CALL_CENTER = "call-center";
  /** A node's published intake rate older than this is ignored (the node is gone). */
  private static final long RATE_STALE_MILLIS = 5_000;

  private final ClusterNode node;
  private final ReportStore store;
  private final ModePolicy policy;
  private final ModeThresholds thresholds;
  private final IMap<String, String> map;
  private final IMap<String, String> rates;
  private final List<Consumer<ModeState>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ModeState>> onEmergencyEnded = new CopyOnWriteArrayList<>();
  private volatile ModeState current;
  private long timer = -1;

  private ModeService(ClusterNode node, ReportStore store, ModeThresholds thresholds) {
    this.node = node;
    this.store = store;
    this.thresholds = thresholds;
    this.policy = new ModePolicy(thresholds);
    this.map = node.hazelcast().getMap(MAP);
    this.rates = node.hazelcast().getMap(RATES_MAP);
  }

  /** Joins the cluster's mode (ROUTINE for a new cluster) and starts watching it. */
  public static Future<ModeService> start(ClusterNode node, ReportStore store, ModeThresholds thresholds) {
    ModeService service = new ModeService(node, store, thresholds);
    return node.vertx()
        .executeBlocking(
            () -> {
              service.map.addEntryListener(service.new Watcher(), STATE, true);
              String initial = ModeState.initial(Instant.now()).toJson().encode();
              String existing = service.map.putIfAbsent(STATE, initial);
              return ModeState.fromJson(new JsonObject(existing != null ? existing : initial));
            })
        .map(
            state -> {
              service.current = state;
              service.timer = node.vertx().setPeriodic(thresholds.tickMillis(), id -> service.tick());
              return service;
            });
  }

  public ModeState current() {
    return current;
  }

  public ModeThresholds thresholds() {
    return thresholds;
  }

  /** Called on a Hazelcast thread with every new state, on every node. */
  public void onChange(Consumer<ModeState> listener) {
    listeners.add(listener);
  }

  /** Called on the deciding node when an emergency ends (to release what it deferred). */
  public void onEmergencyEnded(Consumer<ModeState> listener) {
    onEmergencyEnded.add(listener);
  }

  /** A supervisor sets the mode; it holds until released. */
  public Future<ModeState> setManual(Mode mode, String reason, String actor) {
    return change(
        s -> new ModeState(mode, true, "manual", actor, reason,
            s.mode() == mode ? s.since() : Instant.now(), null, null),
        actor);
  }

  /** A supervisor releases a manual setting; automatic triggers decide again from now. */
  public Future<ModeState> release(String reason, String actor) {
    return change(
        s -> new ModeState(s.mode(), false, "release", actor, reason, s.since(), null, null), actor);
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
    return new ModePolicy.Signals(rate, cc == null ? null : CallCenterLoad.fromJson(new JsonObject(cc)));
  }

  private void tick() {
    if (!node.isOldestMember()) {
      return; // the oldest member decides
    }
    change(s -> {
          ModePolicy.Signals signals = readSignals();
          return policy.next(s, signals, Instant.now());
        }, "system")
        .onFailure(err -> LOG.warn("Mode evaluation failed", err));
  }

  /** Compare-and-set on a worker thread; audited when the mode or its manual hold changes. */
  private Future<ModeState> change(java.util.function.UnaryOperator<ModeState> f, String actor) {
    Vertx vertx = node.vertx();
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(
            () -> {
              while (true) {
                String raw = map.get(STATE);
                ModeState before = ModeState.fromJson(new JsonObject(raw));
                ModeState after = f.apply(before);
                if (after == before) {
                  return new ModeState[] {before, before};
                }
                if (map.replace(STATE, raw, after.toJson().encode())) {
                  return new ModeState[] {before, after};
                }
              }
            },
            false)
        .compose(
            pair -> {
              ModeState before = pair[0];
              ModeState after = pair[1];
              boolean audited = before.mode() != after.mode() || before.manual() != after.manual();
              if (!audited) {
                return Future.succeededFuture(after);
              }
              LOG.info("Mode {} -> {} ({}, {}: {})", before.mode(), after.mode(), after.trigger(), after.actor(), after.reason());
              if (before.mode() == Mode.EMERGENCY && after.mode() == Mode.ROUTINE) {
                onEmergencyEnded.forEach(l -> context.runOnContext(v -> l.accept(after)));
              }
              return store.insertModeAudit(audit(before, after)).map(after);
            });
  }

  private static ModeAudit audit(ModeState before, ModeState after) {
    JsonObject details = new JsonObject().put("manual", after.manual());
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
      if (previous == null || previous.mode() != state.mode() || previous.manual() != state.manual()) {
        listeners.forEach(l -> l.accept(state));
      }
    }
  }
}
