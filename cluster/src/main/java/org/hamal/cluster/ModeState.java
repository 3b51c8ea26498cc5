package org.hamal.cluster;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The cluster's mode and the bookkeeping of its hysteresis.
 *
 * @param mode the mode in force
 * @param manual set by a supervisor and held until released; automatic triggers wait
 * @param trigger what brought the current mode: {@code intake-rate}, {@code call-center},
 *     {@code manual}, {@code calm}, {@code start}
 * @param actor who or what changed it ({@code system} for automatic changes)
 * @param reason why, in words
 * @param since when the current mode began
 * @param pressureSince since when some trigger has held without a break, or null
 * @param calmSince since when every trigger has been calm without a break, or null
 */
public record ModeState(
    Mode mode,
    boolean manual,
    String trigger,
    String actor,
    String reason,
    Instant since,
    Instant pressureSince,
    Instant calmSince) {

  public static ModeState initial(Instant now) {
    return new ModeState(Mode.ROUTINE, false, "start", "system", "cluster started", now, null, null);
  }

  ModeState withTracking(Instant pressure, Instant calm) {
    return new ModeState(mode, manual, trigger, actor, reason, since, pressure, calm);
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
        .put("calmSince", calmSince == null ? null : calmSince.toEpochMilli());
  }

  public static ModeState fromJson(JsonObject json) {
    return new ModeState(
        Mode.fromWire(json.getString("mode")).orElseThrow(),
        json.getBoolean("manual"),
        json.getString("trigger"),
        json.getString("actor"),
        json.getString("reason"),
        Instant.ofEpochMilli(json.getLong("since")),
        json.getLong("pressureSince") == null ? null : Instant.ofEpochMilli(json.getLong("pressureSince")),
        json.getLong("calmSince") == null ? null : Instant.ofEpochMilli(json.getLong("calmSince")));
  }
}
