package org.hamal.gateway.incidents;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hamal.cluster.events.ReportEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the incidents that intake's reports joined, at most once per interval per incident,
 * with the latest state. In a barrage hundreds of reports join one incident within a second:
 * every screen needs its latest count and centre a few times a second, not every step, and each
 * step would be one more entry in the cluster's change log and one more message to every map.
 * Confined to one event loop (one per server verticle), like the intake that feeds it.
 */
public final class IncidentAnnouncer {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentAnnouncer.class);

  private final ReportEvents events;
  private final long intervalMillis;
  private final Map<String, JsonObject> pending = new LinkedHashMap<>();
  private long timer = -1;

  public IncidentAnnouncer(ReportEvents events, long intervalMillis) {
    this.events = events;
    this.intervalMillis = intervalMillis;
  }

  /** Announces this state of an incident now, or with the next round if it is newer. */
  public void announce(Context context, JsonObject incident) {
    if (intervalMillis <= 0) {
      publish(context, List.of(incident));
      return;
    }
    pending.merge(incident.getString("id"), incident, IncidentAnnouncer::newer);
    if (timer < 0) {
      timer = context.owner().setTimer(intervalMillis, id -> flush(context));
    }
  }

  private void flush(Context context) {
    timer = -1;
    List<JsonObject> due = new ArrayList<>(pending.values());
    pending.clear();
    publish(context, due);
  }

  /** One append to the change log for all of them. */
  private void publish(Context context, List<JsonObject> incidents) {
    events
        .publishIncidents(context, incidents)
        .onFailure(err -> LOG.warn("{} incident changes not announced", incidents.size(), err));
  }

  private static JsonObject newer(JsonObject held, JsonObject offered) {
    return offered.getInteger("version", 0) >= held.getInteger("version", 0) ? offered : held;
  }
}
