package org.hamal.surge.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  @Test
  void inlinesChartJsAndTheResultsWithoutAnythingFetched() {
    JsonObject results =
        new JsonObject()
            .put("scenario", "routine-day")
            .put("note", "</script><script>alert(1)</script>")
            .put("timeline", new JsonArray());
    String page = HtmlReport.render(results);

    assertThat(page).contains("Chart.js v4.5.1"); // the library's banner, inlined
    assertThat(page).doesNotContain("/*SURGE_CHART_JS*/", "/*SURGE_RESULTS*/");
    assertThat(page).doesNotContainPattern("<script[^>]+src=");
    assertThat(page).doesNotContainPattern("(?i)<link[^>]+href=\"?https?:");
    // Data cannot close the script it sits in.
    assertThat(page).contains("<\\/script><script>alert(1)<\\/script>");
    assertThat(page.split("</script>", -1)).hasSize(3); // two script elements, closed once each
  }

  @Test
  void percentilesAreInMillisecondsAndTheSpectrumEndsAtTheMaximum() {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 1000L); // 1 ms .. 1 s, in microseconds
    }
    JsonObject p = Results.percentiles(h);
    assertThat(p.getDouble("p50")).isBetween(499.0, 501.0);
    assertThat(p.getDouble("p99")).isBetween(989.0, 991.0);
    assertThat(p.getDouble("max")).isBetween(999.0, 1001.0);
    JsonArray spectrum = Results.spectrum(h);
    JsonArray last = spectrum.getJsonArray(spectrum.size() - 1);
    assertThat(last.getDouble(0)).isLessThan(100.0);
    assertThat(last.getDouble(1)).isEqualTo(p.getDouble("max"));
    assertThat(Results.percentiles(new Histogram(3)).getLong("count")).isZero();
  }
}
