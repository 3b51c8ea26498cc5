package org.hamal.cluster.mode;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What the 106 call center's telephony system last said about its load.
 *
 * @param callsWaiting calls in the queue
 * @param longestWaitSeconds how long the longest-waiting caller has waited
 * @param agentsAvailable agents free to answer
 * @param abandonedPerMinute callers who hung up before being answered, per minute
 * @param at when it was reported
 */
public record CallCenterLoad(
    int callsWaiting, int longestWaitSeconds, int agentsAvailable, double abandonedPerMinute, Instant at) {

  JsonObject toJson() {
    return new JsonObject()
        .put("callsWaiting", callsWaiting)
        .put("longestWaitSeconds", longestWaitSeconds)
        .put("agentsAvailable", agentsAvailable)
        .put("abandonedPerMinute", abandonedPerMinute)
        .put("at", at.toEpochMilli());
  }

  static CallCenterLoad fromJson(JsonObject json) {
    return new CallCenterLoad(
        json.getInteger("callsWaiting"),
        json.getInteger("longestWaitSeconds"),
        json.getInteger("agentsAvailable"),
        json.getDouble("abandonedPerMinute"),
        Instant.ofEpochMilli(json.getLong("at")));
  }
}
