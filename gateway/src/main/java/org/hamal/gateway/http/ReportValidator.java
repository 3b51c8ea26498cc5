package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportIds;
import org.hamal.gateway.config.ReportsConfig;

/**
 * Checks an intake body and turns it into a {@link NewReport}. Unknown fields are refused so a
 * misspelt field never silently drops what a resident said.
 */
final class ReportValidator {

  private static final Set<String> FIELDS =
      Set.of("id", "category", "description", "location", "reporter", "channel", "incident");
  private static final Set<String> LOCATION_FIELDS = Set.of("lon", "lat");
  private static final Set<String> REPORTER_FIELDS = Set.of("name", "phone", "callback", "email");
  private static final int NAME_MAX = 200;
  /** Israeli and international formats: digits with optional +, spaces, dashes, parentheses. */
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()\\-]{2,30}");
  /** Something@something.tld, no spaces: a check against typing mistakes, not a proof. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
  private static final int EMAIL_MAX = 254;

  private final ReportsConfig config;

  ReportValidator(ReportsConfig config) {
    this.config = config;
  }

  NewReport validate(JsonObject body) {
    onlyKnownFields(body, FIELDS, "");
    String category = requiredString(body, "category", "category");
    if (!config.categories().contains(category)) {
      throw ApiError.invalid(
          "unknown_category",
          "category must be one of " + String.join(", ", config.categories()),
          "category");
    }
    String description = optionalString(body, "description", "description");
    if (description != null && description.length() > config.descriptionMaxLength()) {
      throw ApiError.invalid(
          "too_long",
          "description is longer than " + config.descriptionMaxLength() + " characters",
          "description");
    }
    JsonObject location = requiredObject(body, "location", "location");
    onlyKnownFields(location, LOCATION_FIELDS, "location.");
    double lon = coordinate(location, "lon", 180);
    double lat = coordinate(location, "lat", 90);
    String channel = optionalString(body, "channel", "channel");
    if (channel == null) {
      channel = config.defaultChannel();
    } else if (!config.channels().contains(channel)) {
      throw ApiError.invalid(
          "unknown_channel",
          "channel must be one of " + String.join(", ", config.channels()),
          "channel");
    }
    return new NewReport(clientId(body), category, description, lon, lat, reporter(body), channel, incident(body));
  }

  /** The incident a call-taker recognised the report as part of: a UUID, or absent. */
  private static String incident(JsonObject body) {
    String id = optionalString(body, "incident", "incident");
    if (id == null) {
      return null;
    }
    String lower = id.toLowerCase(java.util.Locale.ROOT);
    if (!ReportIds.isWellFormed(lower)) {
      throw ApiError.invalid("invalid_id", "incident must be an incident id (a UUID)", "incident");
    }
    return lower;
  }

  /** A client may choose the report's id (a UUID), so that a retry carries it again. */
  private static String clientId(JsonObject body) {
    String id = optionalString(body, "id", "id");
    if (id != null && !ReportIds.isWellFormed(id.toLowerCase(java.util.Locale.ROOT))) {
      throw ApiError.invalid("invalid_id", "id must be a UUID", "id");
    }
    // Version 8 ids are derived from idempotency keys: taken in advance, one would turn away the
    // keyed report it names.
    if (id != null && java.util.UUID.fromString(id).version() == ReportIds.KEYED_VERSION) {
      throw ApiError.invalid("invalid_id", "id must not be a version 8 UUID (those are derived from idempotency keys)", "id");
    }
    return id == null ? null : id.toLowerCase(java.util.Locale.ROOT);
  }

  private static Report.Reporter reporter(JsonObject body) {
    if (!body.containsKey("reporter") || body.getValue("reporter") == null) {
      return null;
    }
    JsonObject reporter = requiredObject(body, "reporter", "reporter");
    onlyKnownFields(reporter, REPORTER_FIELDS, "reporter.");
    String name = optionalString(reporter, "name", "reporter.name");
    String phone = optionalString(reporter, "phone", "reporter.phone");
    String email = optionalString(reporter, "email", "reporter.email");
    if (email != null && (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches())) {
      throw ApiError.invalid("invalid_email", "reporter.email is not an e-mail address", "reporter.email");
    }
    Object callback = reporter.getValue("callback");
    if (callback != null && !(callback instanceof Boolean)) {
      throw ApiError.invalid("invalid_type", "reporter.callback must be true or false", "reporter.callback");
    }
    if (name != null && name.length() > NAME_MAX) {
      throw ApiError.invalid(
          "too_long", "reporter.name is longer than " + NAME_MAX + " characters", "reporter.name");
    }
    if (phone != null && !PHONE.matcher(phone).matches()) {
      throw ApiError.invalid(
          "invalid_phone", "reporter.phone is not a phone number", "reporter.phone");
    }
    return name == null && phone == null && callback == null && email == null
        ? null
        : new Report.Reporter(name, phone, (Boolean) callback, email);
  }

  private static double coordinate(JsonObject location, String key, double bound) {
    return JsonFields.number(location, key, "location." + key, -bound, bound);
  }

  private static void onlyKnownFields(JsonObject object, Set<String> known, String prefix) {
    for (String key : object.fieldNames()) {
      if (!known.contains(key)) {
        throw ApiError.invalid("unknown_field", "unknown field " + prefix + key, prefix + key);
      }
    }
  }

  private static String requiredString(JsonObject object, String key, String field) {
    String value = optionalString(object, key, field);
    if (value == null || value.isBlank()) {
      throw ApiError.invalid("missing_field", field + " is required", field);
    }
    return value;
  }

  private static String optionalString(JsonObject object, String key, String field) {
    Object value = object.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw ApiError.invalid("invalid_type", field + " must be a string", field);
    }
    return s;
  }

  private static JsonObject requiredObject(JsonObject object, String key, String field) {
    Object value = object.getValue(key);
    if (value == null) {
      throw ApiError.invalid("missing_field", field + " is required", field);
    }
    if (!(value instanceof JsonObject o)) {
      throw ApiError.invalid("invalid_type", field + " must be an object", field);
    }
    return o;
  }
}
