package org.hamal.cluster;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Report ids are RFC 9562 UUIDv7: the first 48 bits are the Unix time in milliseconds, so ids
 * sort by arrival and index well, and 74 random bits make them unique across nodes without
 * coordination.
 */
public final class ReportIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ReportIds() {}

  public static String next(long epochMillis) {
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (epochMillis << 16) | 0x7000L | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** True when {@code value} has the shape of a report id; guards lookups from junk input. */
  public static boolean isWellFormed(String value) {
    if (value == null || value.length() != 36) {
      return false;
    }
    try {
      return UUID.fromString(value).toString().equals(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
