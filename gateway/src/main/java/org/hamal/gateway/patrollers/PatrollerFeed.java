package org.hamal.gateway.patrollers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hamal.cluster.processors.PatrollerPosition;
import org.hamal.cluster.patrollers.PatrollerPositions;
import org.hamal.cluster.report.ReportJson;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.live.LiveHub;

/**
 * The patrollers on duty as the API and the live streams show them. Every node watches the
 * cluster's map ({@link PatrollerPositions}) and passes each change to its own live streams of
 * the roles that may see patrollers: so a position taken on any node reaches every screen.
 */
public final class PatrollerFeed {

  /** Who may see where patrollers are: the ops room, not the patrollers or intake systems. */
  public static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.DISPLAY);

  private final PatrollerPositions positions;
  private final ReportJson json;

  public PatrollerFeed(PatrollerPositions positions, ReportJson json) {
    this.positions = positions;
    this.json = json;
  }

  public static boolean mayRead(Caller caller) {
    return caller.roles().stream().anyMatch(READERS::contains);
  }

  /** Passes every change of the cluster's patrollers to this node's live streams. */
  public void feed(LiveHub live) {
    positions.onChange(change -> live.broadcast(
        change.position() == null ? offDuty(change.subject(), change.forgotten()) : position(change.position()),
        PatrollerFeed::mayRead));
    live.patrollersFrom(caller -> mayRead(caller) ? render(positions.known()) : null);
  }

  /** {@code patroller.position}: where a patroller is now, without its trail. */
  JsonObject position(PatrollerPosition p) {
    return new JsonObject().put("type", "patroller.position").put("patroller", toJson(p, false, Instant.now()));
  }

  /** {@code patroller.off_duty}: signed off, or not heard from for {@code forgetAfterMinutes}. */
  static JsonObject offDuty(String subject, boolean forgotten) {
    return new JsonObject()
        .put("type", "patroller.off_duty")
        .put("subject", subject)
        .put("reason", forgotten ? "forgotten" : "signed_off");
  }

  /** The patrollers with their trails, as {@code GET /api/v1/patrollers} lists them. */
  public JsonArray render(List<PatrollerPosition> all) {
    Instant now = Instant.now();
    JsonArray out = new JsonArray();
    all.forEach(p -> out.add(toJson(p, true, now)));
    return out;
  }

  private JsonObject toJson(PatrollerPosition p, boolean withTrail, Instant now) {
    JsonObject out = new JsonObject()
        .put("subject", p.subject())
        .put("districts", new JsonArray(p.districts()))
        .put("lon", p.lon())
        .put("lat", p.lat())
        .put("accuracyM", p.accuracyM())
        .put("at", json.format(p.at()));
    if (withTrail) {
      JsonArray trail = new JsonArray();
      p.recentTrail(now, positions.options().trailWindow())
          .forEach(t -> trail.add(new JsonObject().put("lon", t.lon()).put("lat", t.lat()).put("at", json.format(t.at()))));
      out.put("trail", trail);
    }
    return out;
  }
}
