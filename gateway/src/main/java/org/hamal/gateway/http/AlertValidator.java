package org.hamal.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hamal.gateway.alerts.AlertsConfig;
import org.hamal.geo.alerts.AlertArea;
import org.hamal.geo.alerts.AlertAreas;

/** Checks a {@code POST /api/v1/alerts} body against the node's alert areas (docs/alerts.md). */
final class AlertValidator {

  /** A validated relayed alert: its areas found, none twice. */
  record NewAlert(String sourceId, List<AlertArea> areas, String threat, int staySeconds) {}

  static final Set<String> THREATS = Set.of("rockets", "hostile-aircraft", "earthquake", "tsunami",
      "hazardous-materials", "terrorist-infiltration", "unconventional", "other");
  private static final String DEFAULT_THREAT = "rockets";
  private static final Set<String> FIELDS = Set.of("sourceId", "areas", "threat", "staySeconds");
  private static final int SOURCE_ID_MAX = 128;
  private static final int AREAS_MAX = 200;

  private final AlertsConfig config;

  AlertValidator(AlertsConfig config) {
    this.config = config;
  }

  NewAlert validate(JsonObject body, AlertAreas known) {
    JsonFields.only(body, FIELDS);
    return new NewAlert(sourceId(body), areas(body, known), threat(body), staySeconds(body));
  }

  /** A safe answer's body: none, or an empty object. */
  static void safeBody(io.vertx.ext.web.RoutingContext ctx) {
    var raw = ctx.body().buffer();
    if (raw != null && raw.length() > 0) {
      JsonFields.only(Bodies.jsonObject(ctx), Set.of());
    }
  }

  private static String sourceId(JsonObject body) {
    Object value = body.getValue("sourceId");
    if (value == null) {
      throw ApiError.invalid("missing_field", "sourceId is required", "sourceId");
    }
    if (!(value instanceof String s)) {
      throw ApiError.invalid("invalid_type", "sourceId must be a string", "sourceId");
    }
    if (s.isBlank() || s.length() > SOURCE_ID_MAX || s.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.invalid("invalid_value", "sourceId is 1 to " + SOURCE_ID_MAX + " printable characters", "sourceId");
    }
    return s;
  }

  private static List<AlertArea> areas(JsonObject body, AlertAreas known) {
    Object value = body.getValue("areas");
    if (value == null) {
      throw ApiError.invalid("missing_field", "areas is required", "areas");
    }
    if (!(value instanceof JsonArray list)) {
      throw ApiError.invalid("invalid_type", "areas must be an array of alert-area ids or names", "areas");
    }
    if (list.isEmpty() || list.size() > AREAS_MAX) {
      throw ApiError.invalid("out_of_range", "areas names 1 to " + AREAS_MAX + " alert areas", "areas");
    }
    Map<String, AlertArea> found = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "areas[" + i + "]";
      if (!(list.getValue(i) instanceof String name)) {
        throw ApiError.invalid("invalid_type", field + " must be a string", field);
      }
      AlertArea area = known.find(name).orElseThrow(() -> ApiError.malformed("unknown_area",
          "no alert area has the id or name '" + name + "'", field));
      found.putIfAbsent(area.id(), area);
    }
    return new ArrayList<>(found.values());
  }

  private static String threat(JsonObject body) {
    Object value = body.getValue("threat");
    if (value == null) {
      return DEFAULT_THREAT;
    }
    if (!(value instanceof String s) || !THREATS.contains(s)) {
      throw ApiError.invalid("unknown_threat", "threat is one of " + String.join(", ", THREATS.stream().sorted().toList()),
          "threat");
    }
    return s;
  }

  private int staySeconds(JsonObject body) {
    if (body.getValue("staySeconds") == null) {
      return config.staySeconds();
    }
    Object value = body.getValue("staySeconds");
    if (!(value instanceof Integer || value instanceof Long)) {
      throw ApiError.invalid("invalid_type", "staySeconds must be a whole number", "staySeconds");
    }
    long s = ((Number) value).longValue();
    if (s < config.minStaySeconds() || s > config.maxStaySeconds()) {
      throw ApiError.invalid("out_of_range",
          "staySeconds must be between " + config.minStaySeconds() + " and " + config.maxStaySeconds(), "staySeconds");
    }
    return (int) s;
  }
}
