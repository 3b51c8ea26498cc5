package org.hamal.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The ids in API paths ({@code /api/v1/reports/{id}}, incidents, photos): UUIDs, in any case (a
 * UUID in capitals names the same resource; they are stored in lower case). Anything else names
 * no resource ({@code 404 not_found}) before any lookup, so nothing a store would refuse (a NUL)
 * ever reaches it.
 */
final class ReportPaths {

  private static final Pattern LOWER_CASE_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private ReportPaths() {}

  /** The report id of a {@code /api/v1/reports/{id}} path. */
  static String id(RoutingContext ctx) {
    return uuid(ctx, "id");
  }

  /** The path parameter {@code name}, a UUID, in lower case; else {@code 404 not_found}. */
  static String uuid(RoutingContext ctx, String name) {
    String id = ctx.pathParam(name);
    String lower = id == null ? null : id.toLowerCase(Locale.ROOT);
    if (lower == null || !LOWER_CASE_UUID.matcher(lower).matches()) {
      throw ApiError.notFound("no such resource: ids are UUIDs");
    }
    return lower;
  }
}
