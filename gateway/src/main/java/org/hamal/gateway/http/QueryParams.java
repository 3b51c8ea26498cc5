package org.hamal.gateway.http;

import io.vertx.ext.web.RoutingContext;

/** Query parameters several listings read the same way. */
final class QueryParams {

  private QueryParams() {}

  /**
   * {@code limit}: {@code byDefault} when absent, else a whole number from 1 to {@code max}
   * ({@code 400 malformed_parameter}, {@code 422 out_of_range}).
   */
  static int limit(RoutingContext ctx, int byDefault, int max) {
    String param = ctx.request().getParam("limit");
    if (param == null) {
      return byDefault;
    }
    int limit;
    try {
      limit = Integer.parseInt(param);
    } catch (NumberFormatException e) {
      throw ApiError.malformed("malformed_parameter", "limit must be an integer", "limit");
    }
    if (limit < 1 || limit > max) {
      throw ApiError.invalid("out_of_range", "limit must be between 1 and " + max, "limit");
    }
    return limit;
  }
}
