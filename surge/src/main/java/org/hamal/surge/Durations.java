package org.hamal.surge;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/** Durations as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, or seconds. */
public final class Durations implements ITypeConverter<Duration> {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.matches("\\d+(\\.\\d+)?")) {
      return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }
    Matcher m = PART.matcher(v);
    long millis = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double n = Double.parseDouble(m.group(1));
      millis += Math.round(n * switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      });
      end = m.end();
    }
    if (end == 0 || end != v.length()) {
      throw new IllegalArgumentException("not a duration: " + value + " (e.g. 500ms, 30s, 5m, 1h30m)");
    }
    return Duration.ofMillis(millis);
  }
}
