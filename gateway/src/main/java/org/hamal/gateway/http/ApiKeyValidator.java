package org.hamal.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hamal.gateway.auth.KeyLimits;
import org.hamal.gateway.config.KeysConfig;

/** Checks a {@code POST /api/v1/keys} body and a {@code POST /api/v1/tokens/revoke} body. */
final class ApiKeyValidator {

  /** A validated request for a key. */
  record KeyRequest(String name, KeyLimits limits, Duration ttl) {}

  /** A validated revocation: exactly one of {@code jti} and {@code token}. */
  record RevokeRequest(String jti, String token, String reason) {}

  private static final Set<String> KEY_FIELDS = Set.of("name", "channels", "ratePerMinute", "ttlDays");
  private static final Set<String> REVOKE_FIELDS = Set.of("jti", "token", "reason");
  /** A name is part of the token's subject ({@code key:<name>}) and of every history it files in. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,59}");
  private static final int JTI_MAX = 64;
  private static final int TOKEN_MAX = 8192;
  private static final int REASON_MAX = 500;

  private final KeysConfig config;
  private final List<String> channels;

  ApiKeyValidator(KeysConfig config, List<String> channels) {
    this.config = config;
    this.channels = channels;
  }

  KeyRequest validateKey(JsonObject body) {
    JsonFields.only(body, KEY_FIELDS);
    Object name = body.getValue("name");
    if (name == null) {
      throw ApiError.invalid("missing_field", "name is required: the integration's name, e.g. municipal-app", "name");
    }
    if (!(name instanceof String s) || !NAME.matcher(s).matches()) {
      throw ApiError.invalid("invalid_format",
          "name is 1 to 60 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit", "name");
    }
    Integer rate = optionalInt(body, "ratePerMinute", config.maxRatePerMinute());
    Integer ttlDays = optionalInt(body, "ttlDays", config.maxTtlDays());
    return new KeyRequest(s, new KeyLimits(channels(body), rate),
        Duration.ofDays(ttlDays == null ? config.defaultTtlDays() : ttlDays));
  }

  RevokeRequest validateRevoke(JsonObject body) {
    JsonFields.only(body, REVOKE_FIELDS);
    String jti = optionalString(body, "jti", JTI_MAX);
    String token = optionalString(body, "token", TOKEN_MAX);
    if ((jti == null) == (token == null)) {
      throw ApiError.invalid("missing_field", "give either jti (the token's id) or token (the token itself)",
          jti == null ? "jti" : "token");
    }
    return new RevokeRequest(jti, token, optionalString(body, "reason", REASON_MAX));
  }

  private List<String> channels(JsonObject body) {
    Object v = body.getValue("channels");
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray array) || array.isEmpty()) {
      throw ApiError.invalid("invalid_type", "channels must be a non-empty array of channels (or left out for any)", "channels");
    }
    Set<String> out = new LinkedHashSet<>();
    for (Object c : array) {
      if (!(c instanceof String channel) || !channels.contains(channel)) {
        throw ApiError.invalid("unknown_channel", "channels must be among " + String.join(", ", channels), "channels");
      }
      out.add(channel);
    }
    return List.copyOf(out);
  }

  private static Integer optionalInt(JsonObject body, String field, int max) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 1 || ((Number) v).longValue() > max) {
      throw ApiError.invalid("out_of_range", field + " must be a whole number from 1 to " + max, field);
    }
    return ((Number) v).intValue();
  }

  private static String optionalString(JsonObject body, String field, int max) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw ApiError.invalid("invalid_type", field + " must be a non-empty string", field);
    }
    if (s.length() > max) {
      throw ApiError.invalid("too_long", field + " is longer than " + max + " characters", field);
    }
    return s.strip();
  }
}
