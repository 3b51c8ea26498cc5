package org.hamal.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hamal.gateway.auth.Lifetimes;
import org.hamal.gateway.config.DevicesConfig;
import org.hamal.geo.Layer;

/** Checks a {@code POST /api/v1/devices/links} body against the active layer and the limits. */
final class DeviceLinkValidator {

  /** A validated request for a link. */
  record LinkRequest(String subject, List<String> districts, Duration ttl) {}

  private static final Set<String> FIELDS = Set.of("subject", "districts", "ttl");
  private static final int SUBJECT_MAX = 100;

  private final DevicesConfig config;

  DeviceLinkValidator(DevicesConfig config) {
    this.config = config;
  }

  LinkRequest validate(JsonObject body, Layer layer) {
    JsonFields.only(body, FIELDS);
    return new LinkRequest(subject(body), districts(body, layer), ttl(body));
  }

  private static String subject(JsonObject body) {
    Object v = body.getValue("subject");
    if (v == null) {
      throw ApiError.invalid("missing_field", "subject is required: the patroller's name or call sign", "subject");
    }
    if (!(v instanceof String s)) {
      throw ApiError.invalid("invalid_type", "subject must be a string", "subject");
    }
    String subject = s.strip();
    if (subject.isEmpty()) {
      throw ApiError.invalid("missing_field", "subject is required: the patroller's name or call sign", "subject");
    }
    if (subject.length() > SUBJECT_MAX) {
      throw ApiError.invalid("too_long", "subject is longer than " + SUBJECT_MAX + " characters", "subject");
    }
    return subject;
  }

  private List<String> districts(JsonObject body, Layer layer) {
    Object v = body.getValue("districts");
    if (v == null) {
      throw ApiError.invalid("missing_field", "districts is required: the districts the patroller covers", "districts");
    }
    if (!(v instanceof JsonArray array) || array.isEmpty()) {
      throw ApiError.invalid("invalid_type", "districts must be a non-empty array of district ids", "districts");
    }
    Set<String> out = new LinkedHashSet<>();
    for (Object d : array) {
      if (!(d instanceof String id)) {
        throw ApiError.invalid("invalid_type", "districts must be district ids (strings)", "districts");
      }
      if (layer.district(id).isEmpty()) {
        throw ApiError.invalid("unknown_district", "no district " + id + " in the active layer", "districts");
      }
      out.add(id);
    }
    if (out.size() > config.maxDistrictsPerLink()) {
      // Each district lengthens the token, and the link must fit a QR code.
      throw ApiError.invalid("too_many", "a link covers at most " + config.maxDistrictsPerLink() + " districts", "districts");
    }
    return new ArrayList<>(out);
  }

  private Duration ttl(JsonObject body) {
    Object v = body.getValue("ttl");
    if (v == null) {
      throw ApiError.invalid("missing_field", "ttl is required, e.g. 12h", "ttl");
    }
    if (!(v instanceof String s)) {
      throw ApiError.invalid("invalid_type", "ttl must be a string such as 90m, 12h or 7d", "ttl");
    }
    Duration ttl;
    try {
      ttl = Lifetimes.parse(s);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("invalid_format", "ttl must look like 90m, 12h or 7d", "ttl");
    }
    if (!config.allows(ttl)) {
      throw ApiError.invalid("out_of_range",
          "ttl must be between " + config.minTtlMinutes() + "m and " + config.maxTtlHours() + "h", "ttl");
    }
    return ttl;
  }
}
