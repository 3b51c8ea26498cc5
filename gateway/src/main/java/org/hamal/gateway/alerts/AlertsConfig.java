package org.hamal.gateway.alerts;

import java.time.Duration;

/**
 * Rocket alerts (docs/alerts.md).
 *
 * @param staySeconds how long people stay sheltered when an alert names no stay time
 * @param minStaySeconds the shortest stay time an alert may name
 * @param maxStaySeconds the longest
 * @param recentHours cleared and ended alerts are listed, and kept in the cluster's map, this long
 * @param listLimit how many alerts a listing without {@code limit} holds
 * @param listMaxLimit the most a listing's {@code limit} may ask for
 * @param sweepSeconds how often the oldest member ends the alerts whose stay time ran out
 * @param changeMillis changes within an alert (answers, areas added) are streamed at most this
 *     often, the latest state; a new alert, an all-clear or an end at once
 * @param priorityStep how much a report arriving inside an alerted area is raised in priority
 *     (a "building hit" while the sirens sound), up to the highest
 */
public record AlertsConfig(
    int staySeconds, int minStaySeconds, int maxStaySeconds, int recentHours, int listLimit, int listMaxLimit,
    int sweepSeconds, int changeMillis, int priorityStep) {

  public AlertsConfig {
    if (minStaySeconds < 1 || maxStaySeconds < minStaySeconds || staySeconds < minStaySeconds
        || staySeconds > maxStaySeconds) {
      throw new IllegalArgumentException("alerts: need 1 <= minStaySeconds <= staySeconds <= maxStaySeconds");
    }
    if (priorityStep < 0 || changeMillis < 0) {
      throw new IllegalArgumentException("alerts: priorityStep and changeMillis must be 0 or more");
    }
    if (recentHours < 1 || listLimit < 1 || listMaxLimit < listLimit || sweepSeconds < 1) {
      throw new IllegalArgumentException("alerts: recentHours, listLimit and sweepSeconds must be positive, listMaxLimit >= listLimit");
    }
  }

  public Duration recent() {
    return Duration.ofHours(recentHours);
  }
}
