package org.hamal.gateway.http;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.hamal.cluster.report.ReportStatus;

/** Checks a {@code PATCH /api/v1/reports/{id}} body. */
final class ChangeValidator {

  /**
   * A validated change: any of the three may be absent.
   *
   * @param assigneeGiven whether the body names an assignee (null then clears it)
   * @param duringAlert the caller confirmed assigning into an area under a rocket alert
   * @param version the version the client last saw (body or If-Match), or null
   */
  record Change(
      ReportStatus status, boolean assigneeGiven, String assignee, String note, Integer version,
      boolean duringAlert) {}

  private static final Set<String> FIELDS = Set.of("status", "assignee", "note", "version", "duringAlert");
  private static final int ASSIGNEE_MAX = 200;
  private static final int NOTE_MAX = 2000;

  Change validate(JsonObject body, String ifMatch) {
    for (String key : body.fieldNames()) {
      if (!FIELDS.contains(key)) {
        throw ApiError.invalid("unknown_field", "unknown field " + key, key);
      }
    }
    ReportStatus status = null;
    if (body.getValue("status") != null) {
      if (!(body.getValue("status") instanceof String s)) {
        throw ApiError.invalid("invalid_type", "status must be a string", "status");
      }
      status =
          ReportStatus.fromWire(s)
              .orElseThrow(() -> ApiError.invalid("unknown_status", "no status " + s, "status"));
    }
    String assignee = text(body, "assignee", ASSIGNEE_MAX);
    String note = text(body, "note", NOTE_MAX);
    if (status == null && !body.containsKey("assignee") && note == null) {
      throw ApiError.invalid("missing_field", "give a status, an assignee or a note", "status");
    }
    Object duringAlert = body.getValue("duringAlert");
    if (duringAlert != null && !(duringAlert instanceof Boolean)) {
      throw ApiError.invalid("invalid_type", "duringAlert must be true or false", "duringAlert");
    }
    return new Change(status, body.containsKey("assignee"), assignee, note, version(body, ifMatch),
        Boolean.TRUE.equals(duringAlert));
  }

  private static String text(JsonObject body, String key, int max) {
    Object value = body.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw ApiError.invalid("invalid_type", key + " must be a string", key);
    }
    if (s.length() > max) {
      throw ApiError.invalid("too_long", key + " is longer than " + max + " characters", key);
    }
    return s.isBlank() ? null : s;
  }

  /** The expected version from {@code If-Match: "3"} (an ETag as GET gives it) or the body. */
  private static Integer version(JsonObject body, String ifMatch) {
    Integer fromBody = null;
    if (body.getValue("version") != null) {
      if (!(body.getValue("version") instanceof Integer v)) {
        throw ApiError.invalid("invalid_type", "version must be an integer", "version");
      }
      fromBody = v;
    }
    if (ifMatch == null) {
      return fromBody;
    }
    String tag = ifMatch.trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    tag = tag.replace("\"", "");
    try {
      int v = Integer.parseInt(tag);
      if (fromBody != null && fromBody != v) {
        throw ApiError.invalid("version_mismatch", "If-Match and version disagree", "version");
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiError.malformed("malformed_header", "If-Match must be a report version such as \"3\"", "If-Match");
    }
  }
}
