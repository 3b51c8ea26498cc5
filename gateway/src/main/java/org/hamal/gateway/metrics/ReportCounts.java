package org.hamal.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hamal.gateway.config.ReportsConfig;

/**
 * Reports accepted and refused, by channel, category and (for refusals) the error code. Labels
 * stay few: a channel or category the configuration does not name is counted as {@code invalid},
 * and reasons are the API's error codes.
 */
public final class ReportCounts {

  static final String INVALID = "invalid";

  private final MeterRegistry registry;
  private final Set<String> channels;
  private final Set<String> categories;
  private final String defaultChannel;
  /** The counters by their labels, built once each rather than per report. */
  private final Map<List<String>, Counter> accepted = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> refused = new ConcurrentHashMap<>();

  ReportCounts(MeterRegistry registry, ReportsConfig reports) {
    this.registry = registry;
    this.channels = Set.copyOf(reports.channels());
    this.categories = Set.copyOf(reports.categories());
    this.defaultChannel = reports.defaultChannel();
  }

  /** A report stored (a replay of one stored before is not counted again). */
  public void accepted(String channel, String category) {
    accepted.computeIfAbsent(List.of(channel(channel), category(category)), k ->
            Counter.builder("hamal.reports.accepted")
                .description("Reports stored, by channel and category")
                .tag("channel", k.get(0))
                .tag("category", k.get(1))
                .register(registry))
        .increment();
  }

  /**
   * A report refused: a 4xx for it, or a 503 when the store did not take it.
   *
   * @param channel as the request named it (null: the default channel)
   * @param category as the request named it, or null
   * @param reason the error code it was answered with
   */
  public void refused(String channel, String category, String reason) {
    refused.computeIfAbsent(List.of(channel(channel), category(category), reason == null ? INVALID : reason), k ->
            Counter.builder("hamal.reports.refused")
                .description("Reports refused, by channel, category and error code")
                .tag("channel", k.get(0))
                .tag("category", k.get(1))
                .tag("reason", k.get(2))
                .register(registry))
        .increment();
  }

  private String channel(String channel) {
    String c = channel == null ? defaultChannel : channel;
    return channels.contains(c) ? c : INVALID;
  }

  private String category(String category) {
    return category != null && categories.contains(category) ? category : INVALID;
  }
}
