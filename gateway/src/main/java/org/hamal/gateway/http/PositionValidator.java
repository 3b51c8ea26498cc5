package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Checks a {@code PUT /api/v1/patrollers/me/position} body. */
final class PositionValidator {

  /** A validated position; {@code accuracyM} is null when the tablet gave none. */
  record Position(double lon, double lat, Double accuracyM) {}

  private static final Set<String> FIELDS = Set.of("lon", "lat", "accuracyM");
  /** A fix worse than this tells the ops room nothing about where the patroller is. */
  private final double accuracyMaxM;

  PositionValidator(double accuracyMaxM) {
    this.accuracyMaxM = accuracyMaxM;
  }

  Position validate(JsonObject body) {
    JsonFields.only(body, FIELDS);
    double lon = JsonFields.number(body, "lon", "lon", -180, 180);
    double lat = JsonFields.number(body, "lat", "lat", -90, 90);
    Double accuracy = body.getValue("accuracyM") == null
        ? null
        : JsonFields.number(body, "accuracyM", "accuracyM", 0, accuracyMaxM);
    return new Position(lon, lat, accuracy);
  }
}
