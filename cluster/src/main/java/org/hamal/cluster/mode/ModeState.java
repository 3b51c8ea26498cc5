package org.hamal.cluster.mode;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * The cluster's mode and the bookkeeping of its hysteresis.
 *
 * @param mode the mode in force
 * @param manual set by a supervisor and held until released; automatic triggers wait
 * @param trigger what brought the current mode: {@code intake-rate}, {@code call-center},
 *     {@code manual}, {@code release}, {@code calm}, {@code start}
 * @param actor who or what changed it ({@code system} for automatic changes)
 * @param reason why, in words
 * @param since when the current mode began
 * @param pressureSince since when some trigger has held without a break, or null
 * @param calmSince since when every trigger has been calm without a break, or null
 * @param version the number of the store's {@code mode_state} row this state was written as: one
 *     more at each audited change (0: never stored)
 */
public record ModeState(
    Mode mode,
    boolean manual,
    String trigger,
    String actor,
    String reason,
    Instant since,
    Instant pressureSince,
    Instant calmSince,
    long version) {

  public static ModeState initial(Instant now) {
    return new ModeState(Mode.ROUTINE, false, "start", "system", "cluster started", now, null, null, 0);
  }

  ModeState withTracking(Instant pressure, Instant calm) {
    return new ModeState(mode, manual, trigger, actor, reason, since, pressure, calm, version);
  }

  ModeState withVersion(long v) {
    return new ModeState(mode, manual, trigger, actor, reason, since, pressureSince, calmSince, v);
  }

  /**
   * The same mode, hold, trigger, actor, reason and start: what the audit log and the screens
   * show. Only the hysteresis bookkeeping may differ.
   */
  public boolean sameHold(ModeState o) {
    return mode == o.mode && manual == o.manual && Objects.equals(trigger, o.trigger)
        && Objects.equals(actor, o.actor) && Objects.equals(reason, o.reason) && Objects.equals(since, o.since);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("mode", mode.wire())
        .put("manual", manual)
        .put("trigger", trigger)
        .put("actor", actor)
        .put("reason", reason)
        .put("since", since.toEpochMilli())
        .put("pressureSince", pressureSince == null ? null : pressureSince.toEpochMilli())
        .put("calmSince", calmSince == null ? null : calmSince.toEpochMilli())
        .put("version", version);
  }

  /** Reads the cluster map's form; one written by a build without versions reads as version 0. */
  public static ModeState fromJson(JsonObject json) {
    return new ModeState(
        Mode.fromWire(json.getString("mode")).orElseThrow(),
        json.getBoolean("manual"),
        json.getString("trigger"),
        json.getString("actor"),
        json.getString("reason"),
        Instant.ofEpochMilli(json.getLong("since")),
        json.getLong("pressureSince") == null ? null : Instant.ofEpochMilli(json.getLong("pressureSince")),
        json.getLong("calmSince") == null ? null : Instant.ofEpochMilli(json.getLong("calmSince")),
        json.getLong("version", 0L));
  }
}
