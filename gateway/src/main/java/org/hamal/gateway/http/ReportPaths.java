package org.hamal.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** The report id of a {@code /api/v1/reports/{id}} path. */
final class ReportPaths {

  private ReportPaths() {}

  /** Ids are UUIDs, stored in lower case as intake normalises them; any case finds the report. */
  static String id(RoutingContext ctx) {
    return ctx.pathParam("id").toLowerCase(Locale.ROOT);
  }
}
