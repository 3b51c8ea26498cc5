package org.hamal.gateway.auth;

import java.time.Duration;
import java.util.Locale;

/** Token lifetimes as people write them: {@code 90m}, {@code 12h}, {@code 30d}. */
public final class Lifetimes {

  private Lifetimes() {}

  /** The lifetime written, or an IllegalArgumentException saying how to write one. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return switch (t.charAt(t.length() - 1)) {
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException | StringIndexOutOfBoundsException | ArithmeticException e) {
      throw new IllegalArgumentException("a lifetime looks like 90m, 12h or 30d");
    }
  }
}
