package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Checks shared by the validators of request bodies. */
final class JsonFields {

  private JsonFields() {}

  /** Refuses a member the API does not know: a typo never silently does nothing. */
  static void only(JsonObject body, Set<String> known) {
    for (String key : body.fieldNames()) {
      if (!known.contains(key)) {
        throw ApiError.invalid("unknown_field", "unknown field " + key, key);
      }
    }
  }

  /** A required finite number between {@code min} and {@code max}; {@code field} names it in errors. */
  static double number(JsonObject object, String key, String field, double min, double max) {
    Object value = object.getValue(key);
    if (value == null) {
      throw ApiError.invalid("missing_field", field + " is required", field);
    }
    if (!(value instanceof Number n)) {
      throw ApiError.invalid("invalid_type", field + " must be a number", field);
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d) || d < min || d > max) {
      throw ApiError.invalid("out_of_range", field + " must be between " + min + " and " + max, field);
    }
    return d;
  }
}
