package org.hamal.gateway.exports;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.hamal.cluster.report.Report;

/** How an export writes reports: what comes before them, each page of them, and what closes it. */
public interface ReportFormat {

  /** The response's {@code Content-Type}. */
  String contentType();

  /** The file name's extension, for {@code Content-Disposition}. */
  String extension();

  Buffer head();

  /**
   * @param first whether these are the export's first reports (no separator before them)
   */
  Buffer rows(List<Report> reports, boolean first);

  Buffer tail();
}
