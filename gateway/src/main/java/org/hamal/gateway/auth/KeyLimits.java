package org.hamal.gateway.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What an API key's token may file, carried in its claims so that every node enforces it from the
 * token alone: a key is never changed, only revoked.
 *
 * @param channels the channels its reports may name; empty for any
 * @param ratePerMinute at most this many reports a minute, or null for no rate of its own
 */
public record KeyLimits(List<String> channels, Integer ratePerMinute) {

  public static final KeyLimits NONE = new KeyLimits(List.of(), null);
  static final String CHANNELS_CLAIM = "channels";
  static final String RATE_CLAIM = "rpm";

  public KeyLimits {
    channels = List.copyOf(channels);
  }

  /** True when a report may name this channel. */
  public boolean allowsChannel(String channel) {
    return channels.isEmpty() || channels.contains(channel);
  }

  static KeyLimits fromClaims(JsonObject claims) {
    JsonArray channels = claims.getJsonArray(CHANNELS_CLAIM, new JsonArray());
    Object rate = claims.getValue(RATE_CLAIM);
    return new KeyLimits(channels.stream().map(String::valueOf).toList(),
        rate instanceof Number n ? n.intValue() : null);
  }
}
