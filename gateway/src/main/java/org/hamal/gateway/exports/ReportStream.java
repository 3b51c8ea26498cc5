package org.hamal.gateway.exports;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportQuery;
import org.hamal.cluster.store.ReportRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams every report of a listing, of any size, as a chunked response: a page is read from
 * the store, written, and the next read only once the client has taken it (the response's write
 * queue has drained), so a slow client holds neither memory nor a store connection.
 *
 * <p>The first page is read before anything is written, so a store that fails at once gets the
 * usual JSON error. One that fails later cannot: the connection is reset, so that the client
 * sees a broken download, never a file that looks complete but is not.
 */
public final class ReportStream {

  private static final Logger LOG = LoggerFactory.getLogger(ReportStream.class);

  private final RoutingContext ctx;
  private final ReportRepository reports;
  private final ReportQuery query;
  private final int pageSize;
  private final ReportFormat format;

  private ReportStream(RoutingContext ctx, ReportRepository reports, ReportQuery query, int pageSize, ReportFormat format) {
    this.ctx = ctx;
    this.reports = reports;
    this.query = query;
    this.pageSize = pageSize;
    this.format = format;
  }

  /**
   * Sends the export.
   *
   * @param fileName the download's name, without its extension
   */
  public static void send(
      RoutingContext ctx, ReportRepository reports, ReportQuery query, int pageSize, ReportFormat format, String fileName) {
    ReportStream stream = new ReportStream(ctx, reports, query, pageSize, format);
    reports.listAfter(query, null, pageSize)
        .onSuccess(first -> stream.start(fileName, first))
        .onFailure(ctx::fail);
  }

  private void start(String fileName, List<Report> first) {
    HttpServerResponse response = ctx.response()
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", format.contentType())
        .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "." + format.extension() + "\"")
        .putHeader("Cache-Control", "no-store");
    response.write(format.head());
    page(first, true);
  }

  private void page(List<Report> page, boolean first) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return; // the client went away: read no further
    }
    if (!page.isEmpty()) {
      response.write(format.rows(page, first));
    }
    if (page.size() < pageSize) {
      response.end(format.tail());
      return;
    }
    Report last = page.get(page.size() - 1);
    if (response.writeQueueFull()) {
      response.drainHandler(v -> {
        response.drainHandler(null);
        next(last);
      });
    } else {
      next(last);
    }
  }

  /** The page after a full one: never the first, and never empty before it. */
  private void next(Report after) {
    reports.listAfter(query, after, pageSize)
        .onSuccess(page -> page(page, false))
        .onFailure(err -> {
          LOG.warn("An export stopped: the store failed after {} was written; the connection is reset", after.id(), err);
          ctx.response().reset();
        });
  }
}
