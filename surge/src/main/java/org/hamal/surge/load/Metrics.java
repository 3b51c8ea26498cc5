package org.hamal.surge.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency histograms of a run, safe to record into from any thread. Latencies are
 * recorded in microseconds; {@link #tick} closes an interval (about a second), adds it to the
 * totals and returns a point of the timeline.
 */
public final class Metrics {

  /** One interval of the run, rates per second and latencies in milliseconds. */
  public record Point(
      double atSeconds,
      double targetRate,
      double offeredRate,
      double ackedRate,
      double errorRate,
      double ackP50,
      double ackP99,
      double ackMax,
      double deliveryP50,
      double deliveryP99,
      double deliveryMax,
      long deliveries,
      int inFlight) {}

  private static final int DIGITS = 3;

  private final LongAdder offered = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
  private final Recorder ackLatency = new Recorder(DIGITS);
  private final Recorder serviceTime = new Recorder(DIGITS);
  private final Recorder deliveryLatency = new Recorder(DIGITS);

  private final Histogram ackTotal = new Histogram(DIGITS);
  private final Histogram serviceTotal = new Histogram(DIGITS);
  private final Histogram deliveryTotal = new Histogram(DIGITS);
  private final List<Point> timeline = new ArrayList<>();
  private Histogram ackInterval;
  private Histogram serviceInterval;
  private Histogram deliveryInterval;
  private long lastOffered;
  private long lastAcked;
  private long lastErrors;
  private double lastTickSeconds;

  public void offered(int n) {
    offered.add(n);
  }

  /** An acknowledged report: latency from its scheduled time, service time from its last send. */
  public void acked(long latencyNanos, long serviceNanos) {
    acked.increment();
    ackLatency.recordValue(micros(latencyNanos));
    serviceTime.recordValue(micros(serviceNanos));
  }

  public void error(String kind, int n) {
    errors.add(n);
    errorKinds.computeIfAbsent(kind, k -> new LongAdder()).add(n);
  }

  /**
   * Something that happened to a subscriber (closed by the server, a socket error): listed with
   * the errors by kind, but not counted among the reports' errors.
   */
  public void subscriberEvent(String kind) {
    errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** A report reached a subscriber this long after its acknowledgement. */
  public void delivered(long latencyNanos) {
    deliveryLatency.recordValue(micros(latencyNanos));
  }

  private static long micros(long nanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
  }

  /** Closes the interval ending at {@code atSeconds} into the run. */
  public synchronized Point tick(double atSeconds, double targetRate, int inFlight) {
    ackInterval = ackLatency.getIntervalHistogram(ackInterval);
    serviceInterval = serviceTime.getIntervalHistogram(serviceInterval);
    deliveryInterval = deliveryLatency.getIntervalHistogram(deliveryInterval);
    ackTotal.add(ackInterval);
    serviceTotal.add(serviceInterval);
    deliveryTotal.add(deliveryInterval);
    long o = offered.sum(), a = acked.sum(), e = errors.sum();
    double span = Math.max(1e-3, atSeconds - lastTickSeconds);
    Point p =
        new Point(
            round(atSeconds),
            round(targetRate),
            round((o - lastOffered) / span),
            round((a - lastAcked) / span),
            round((e - lastErrors) / span),
            ms(ackInterval, 50),
            ms(ackInterval, 99),
            maxMs(ackInterval),
            ms(deliveryInterval, 50),
            ms(deliveryInterval, 99),
            maxMs(deliveryInterval),
            deliveryInterval.getTotalCount(),
            inFlight);
    lastOffered = o;
    lastAcked = a;
    lastErrors = e;
    lastTickSeconds = atSeconds;
    timeline.add(p);
    return p;
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static double maxMs(Histogram h) {
    return h.getTotalCount() == 0 ? 0 : round(h.getMaxValue() / 1000.0);
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  public long offered() {
    return offered.sum();
  }

  public long acked() {
    return acked.sum();
  }

  public long errors() {
    return errors.sum();
  }

  public Map<String, Long> errorKinds() {
    Map<String, Long> out = new TreeMap<>();
    errorKinds.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Totals so far (call {@link #tick} first to include the current interval). */
  public synchronized Histogram ackTotal() {
    return ackTotal.copy();
  }

  public synchronized Histogram serviceTotal() {
    return serviceTotal.copy();
  }

  public synchronized Histogram deliveryTotal() {
    return deliveryTotal.copy();
  }

  public synchronized List<Point> timeline() {
    return List.copyOf(timeline);
  }
}
