package org.hamal.gateway.alerts;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hamal.cluster.alerts.Alert;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.Sweep;
import org.hamal.gateway.live.LiveHub;
import org.hamal.gateway.patrollers.PatrollerFeed;

/**
 * This node's side of the cluster's alerts: every change, from whichever node, goes to every live
 * client of this node; on the oldest member, alerts whose stay time ran out are ended.
 *
 * <p>A new alert, an all-clear or an end goes out at once, even to a client whose write queue is
 * full (it is never sent again). Changes within an alert's state — patrollers answering "I am
 * safe", areas added — go out at most once per {@code alerts.changeMillis}, the latest state: five
 * hundred patrollers answering within seconds must not send five hundred copies of the list to
 * every screen. Who is where (the patrollers concerned) goes only to those who may read the
 * patrollers on duty; a patroller gets its own entry.
 */
public final class AlertsVerticle extends VerticleBase {

  private final NodeServices services;
  private Sweep ends;
  /** The status and time of the last message sent per active alert (on this verticle's context). */
  private final Map<String, Sent> sent = new HashMap<>();
  /** The latest state of an alert waiting for its next slot. */
  private final Map<String, Alert> waiting = new HashMap<>();

  private record Sent(String status, long at) {}

  public AlertsVerticle(NodeServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    services.alerts().onChange(alert -> context.runOnContext(v -> changed(alert)));
    ends = new Sweep(vertx, "Alert ends", services.config().alerts().sweepSeconds() * 1000L,
        services.node()::isOldestMember, services.alerts()::sweep);
    ends.start();
    return Future.succeededFuture();
  }

  private void changed(Alert alert) {
    long now = System.currentTimeMillis();
    long gap = services.config().alerts().changeMillis();
    Sent last = sent.get(alert.id());
    if (last == null || !last.status().equals(alert.status()) || now - last.at() >= gap) {
      waiting.remove(alert.id());
      send(alert, now);
      return;
    }
    if (waiting.put(alert.id(), alert) == null) {
      vertx.setTimer(Math.max(1, last.at() + gap - now), t -> {
        Alert latest = waiting.remove(alert.id());
        if (latest != null) {
          send(latest, System.currentTimeMillis());
        }
      });
    }
  }

  private void send(Alert alert, long now) {
    if (alert.isActive()) {
      sent.put(alert.id(), new Sent(alert.status(), now));
    } else {
      sent.remove(alert.id());
    }
    LiveHub live = services.live();
    JsonObject full = AlertJson.of(alert, services.json());
    live.broadcastAlways(AlertJson.changeMessage(full), PatrollerFeed::mayRead);
    Set<String> listed = new HashSet<>();
    for (Alert.Patroller p : alert.patrollers()) {
      listed.add(p.id());
      live.broadcastAlways(AlertJson.changeMessage(AlertJson.withPatrollers(full, p.id())),
          caller -> !PatrollerFeed.mayRead(caller) && p.id().equals(caller.subject()));
    }
    live.broadcastAlways(AlertJson.changeMessage(AlertJson.withPatrollers(full, null)),
        caller -> !PatrollerFeed.mayRead(caller) && !listed.contains(caller.subject()));
  }

  @Override
  public Future<?> stop() {
    ends.stop();
    return Future.succeededFuture();
  }
}
