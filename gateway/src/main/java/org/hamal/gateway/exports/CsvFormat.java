package org.hamal.gateway.exports;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.hamal.cluster.report.Report;

/**
 * RFC 4180 CSV: a header row, then a row per report with its lon and lat first (QGIS's
 * "Delimited text" layer takes X=lon, Y=lat) and its columns after. UTF-8 with a byte order
 * mark, without which Excel reads Hebrew as the system's code page; CRLF line ends.
 *
 * <p>A text cell starting with {@code = + - @} (or a tab or CR) is prefixed with {@code '}: a
 * resident's description must never run as a formula in the spreadsheet that opens it.
 */
public final class CsvFormat implements ReportFormat {

  private static final String BOM = "\uFEFF";
  private static final String EOL = "\r\n";

  private final ReportColumns columns;

  public CsvFormat(ReportColumns columns) {
    this.columns = columns;
  }

  @Override
  public String contentType() {
    return "text/csv; charset=utf-8; header=present";
  }

  @Override
  public String extension() {
    return "csv";
  }

  @Override
  public Buffer head() {
    StringBuilder line = new StringBuilder(BOM).append("lon,lat");
    for (String name : columns.names()) {
      line.append(',').append(cell(name));
    }
    return Buffer.buffer(line.append(EOL).toString());
  }

  @Override
  public Buffer rows(List<Report> reports, boolean first) {
    StringBuilder out = new StringBuilder(reports.size() * 256);
    for (Report r : reports) {
      out.append(r.lon()).append(',').append(r.lat());
      for (Object value : columns.values(r)) {
        out.append(',');
        if (value instanceof String text) {
          out.append(cell(text));
        } else if (value != null) {
          out.append(value);
        }
      }
      out.append(EOL);
    }
    return Buffer.buffer(out.toString());
  }

  @Override
  public Buffer tail() {
    return Buffer.buffer();
  }

  /** A text cell: neutralised if it could start a formula, quoted if it holds a separator or quote. */
  static String cell(String text) {
    String value = text;
    if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
      value = "'" + value;
    }
    if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
