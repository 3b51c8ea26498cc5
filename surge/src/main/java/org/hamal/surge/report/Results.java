package org.hamal.surge.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.hamal.surge.audit.AuditResult;
import org.hamal.surge.load.Metrics;

/** Pieces of results.json: histograms, the timeline, the audit, the machine. */
public final class Results {

  private Results() {}

  /** Percentiles of a histogram recorded in microseconds, in milliseconds. */
  public static JsonObject percentiles(Histogram h) {
    JsonObject o = new JsonObject().put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return o;
    }
    return o.put("mean", ms(h.getMean()))
        .put("p50", ms(h.getValueAtPercentile(50)))
        .put("p90", ms(h.getValueAtPercentile(90)))
        .put("p99", ms(h.getValueAtPercentile(99)))
        .put("p99.9", ms(h.getValueAtPercentile(99.9)))
        .put("max", ms(h.getMaxValue()));
  }

  /** The percentile spectrum, [percentile, ms] pairs, for the report's distribution plot. */
  public static JsonArray spectrum(Histogram h) {
    JsonArray out = new JsonArray();
    if (h.getTotalCount() == 0) {
      return out;
    }
    for (HistogramIterationValue v : h.percentiles(5)) {
      double p = v.getPercentileLevelIteratedTo();
      if (p >= 100) {
        break;
      }
      out.add(new JsonArray().add(Math.round(p * 10_000) / 10_000.0).add(ms(v.getValueIteratedTo())));
    }
    // The maximum is drawn at the percentile of the last sample, not at an infinite 100.
    double last = 100.0 * (1 - 1.0 / (2 * h.getTotalCount()));
    out.add(new JsonArray().add(Math.round(last * 10_000) / 10_000.0).add(ms(h.getMaxValue())));
    return out;
  }

  private static double ms(double micros) {
    return Math.round(micros) / 1000.0;
  }

  public static JsonArray timeline(Iterable<Metrics.Point> points) {
    JsonArray out = new JsonArray();
    for (Metrics.Point p : points) {
      out.add(
          new JsonObject()
              .put("t", p.atSeconds())
              .put("target", p.targetRate())
              .put("offered", p.offeredRate())
              .put("acked", p.ackedRate())
              .put("errors", p.errorRate())
              .put("ackP50", p.ackP50())
              .put("ackP99", p.ackP99())
              .put("ackMax", p.ackMax())
              .put("deliveryP50", p.deliveryP50())
              .put("deliveryP99", p.deliveryP99())
              .put("deliveryMax", p.deliveryMax())
              .put("deliveries", p.deliveries())
              .put("inFlight", p.inFlight()));
    }
    return out;
  }

  public static JsonObject audit(AuditResult a, String drainReason, long drainMillis) {
    JsonArray missing = new JsonArray();
    a.missing().forEach(m -> missing.add(new JsonObject().put("subscriber", m.subscriber()).put("id", m.id())));
    JsonArray duplicates = new JsonArray();
    a.duplicates()
        .forEach(d -> duplicates.add(new JsonObject().put("subscriber", d.subscriber()).put("id", d.id()).put("times", d.times())));
    JsonObject unreadable = new JsonObject();
    a.unreadable().forEach(unreadable::put);
    return new JsonObject()
        .put("passed", a.passed())
        .put("acknowledged", a.acknowledged())
        .put("readBack",
            new JsonObject()
                .put("found", a.readBackFound())
                .put("missing", a.readBackMissing())
                .put("missingIds", new JsonArray(a.missingInStore()))
                .put("unreadable", unreadable))
        .put("duplicateAcks", a.duplicateAcks())
        .put("duplicateAckIds", new JsonArray(a.duplicateAckIds()))
        .put("deliveries",
            new JsonObject()
                .put("expected", a.expectedDeliveries())
                .put("delivered", a.deliveredExpected())
                .put("asMarkers", a.deliveredExpected() - a.deliveredFolded())
                .put("folded", a.deliveredFolded())
                .put("missing", a.missingDeliveries())
                .put("duplicates", a.duplicateDeliveries())
                .put("missingList", missing)
                .put("duplicateList", duplicates)
                .put("outOfScope", a.outOfScope())
                .put("unacknowledgedReports", a.unacknowledged())
                .put("deliveredBeforeAck", a.deliveredBeforeAck()))
        .put("drain", new JsonObject().put("reason", drainReason).put("waitedMillis", drainMillis));
  }

  public static JsonObject errors(Map<String, Long> kinds) {
    JsonObject o = new JsonObject();
    kinds.forEach(o::put);
    return o;
  }

  public static JsonObject machine() {
    Runtime rt = Runtime.getRuntime();
    JsonObject m =
        new JsonObject()
            .put("cores", rt.availableProcessors())
            .put("maxHeapMiB", rt.maxMemory() / (1024 * 1024))
            .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"))
            .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (Files.isReadable(cpuinfo)) {
        Files.readAllLines(cpuinfo).stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
      }
    } catch (IOException e) {
      // not essential
    }
    return m;
  }
}
