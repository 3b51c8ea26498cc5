package org.hamal.gateway.open311;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportWindow;
import org.hamal.gateway.config.Open311Config;

/**
 * {@code GET requests}'s parameters as a {@link ReportWindow}. A {@code service_request_id} list
 * overrides every other filter, as the specification says; otherwise {@code start_date} and
 * {@code end_date} (ISO 8601 with an offset) bound a span of at most {@code open311.listDays},
 * the last ones when neither is given, and at most {@code open311.listMaxRequests} are answered.
 */
final class RequestQuery {

  private RequestQuery() {}

  static ReportWindow of(RoutingContext ctx, Open311Config config, Instant now) {
    List<String> ids = ids(ctx.request().getParam("service_request_id"), config.maxIds());
    if (!ids.isEmpty()) {
      return new ReportWindow(ids, null, Instant.EPOCH, now.plus(1, ChronoUnit.DAYS), null, config.listMaxRequests());
    }
    Instant start = date(ctx, "start_date");
    Instant end = date(ctx, "end_date");
    if (start != null && end != null && end.isBefore(start)) {
      throw Open311Errors.badRequest("end_date is before start_date", "end_date");
    }
    if (end == null) {
      end = start == null ? now : min(now, start.plus(config.listDays(), ChronoUnit.DAYS));
    }
    if (start == null) {
      start = end.minus(config.listDays(), ChronoUnit.DAYS);
    }
    if (start.plus(config.listDays(), ChronoUnit.DAYS).isBefore(end)) {
      throw Open311Errors.badRequest("start_date and end_date are at most " + config.listDays() + " days apart", "start_date");
    }
    String code = ctx.request().getParam("service_code");
    return new ReportWindow(List.of(), code == null || code.isBlank() ? null : code.strip(), start, end,
        status(ctx.request().getParam("status")), config.listMaxRequests());
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static List<String> ids(String param, int max) {
    List<String> ids = new ArrayList<>();
    if (param == null) {
      return ids;
    }
    for (String part : param.split(",")) {
      String id = part.strip().toLowerCase(Locale.ROOT);
      if (id.isEmpty()) {
        continue;
      }
      if (!ReportIds.isWellFormed(id)) {
        throw Open311Errors.badRequest("service_request_id " + part.strip() + " is not a request id", "service_request_id");
      }
      ids.add(id);
    }
    if (ids.size() > max) {
      throw Open311Errors.badRequest("at most " + max + " service_request_id at once", "service_request_id");
    }
    return ids;
  }

  private static Instant date(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw Open311Errors.badRequest(name + " must be an ISO 8601 date-time with an offset, e.g. 2026-12-07T09:30:00+02:00", name);
    }
  }

  /** {@code open}, {@code closed}, or both (comma-separated, or absent): null. */
  private static Boolean status(String param) {
    if (param == null || param.isBlank()) {
      return null;
    }
    boolean open = false;
    boolean closed = false;
    for (String s : param.split(",")) {
      switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "open" -> open = true;
        case "closed" -> closed = true;
        default -> throw Open311Errors.badRequest("status is open or closed", "status");
      }
    }
    return open == closed ? null : open;
  }
}
