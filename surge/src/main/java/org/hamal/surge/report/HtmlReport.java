package org.hamal.surge.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The self-contained HTML report: the page template, Chart.js from its WebJar and the results,
 * inlined into one file that opens offline.
 */
public final class HtmlReport {

  static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
  private static final String TEMPLATE = "org/hamal/surge/report/report.html";

  private HtmlReport() {}

  public static String render(JsonObject results) {
    String page = resource(TEMPLATE);
    // "</" would end the inline <script> early; "<\/" means the same to JavaScript and JSON.
    String chart = resource(CHART_JS).replace("</", "<\\/");
    String data = results.encode().replace("</", "<\\/");
    return page.replace("/*SURGE_CHART_JS*/", chart).replace("/*SURGE_RESULTS*/", data);
  }

  public static void write(JsonObject results, Path file) throws IOException {
    Files.writeString(file, render(results), StandardCharsets.UTF_8);
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
