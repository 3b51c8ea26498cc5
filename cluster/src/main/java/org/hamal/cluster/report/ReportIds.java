package org.hamal.cluster.report;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Report ids are RFC 9562 UUIDv7: the first 48 bits are the Unix time in milliseconds, so ids
 * sort by arrival and index well, and 74 random bits make them unique across nodes without
 * coordination. A report sent with an idempotency key gets an id derived from the key instead
 * (UUIDv8), so every attempt under one key, on any node, names the same report: two attempts
 * can never be answered with two ids, even when the store lost the first (docs/durability.md).
 */
public final class ReportIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** The UUID version of ids derived from idempotency keys; clients may not choose such ids. */
  public static final int KEYED_VERSION = 8;

  private ReportIds() {}

  public static String next(long epochMillis) {
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (epochMillis << 16) | 0x7000L | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /**
   * The id of the report sent under {@code scopedKey} (the caller's idempotency key, prefixed
   * with the caller): the first 122 bits of its SHA-256, as an RFC 9562 version 8 UUID.
   */
  public static String forKey(String scopedKey) {
    return derived("hamal-report:", scopedKey);
  }

  /**
   * The id of the photo uploaded under {@code scopedKey}: derived like {@link #forKey}, in a
   * namespace of its own, so every retry of an upload names the same photo.
   */
  public static String forMediaKey(String scopedKey) {
    return derived("hamal-media:", scopedKey);
  }

  private static String derived(String namespace, String scopedKey) {
    java.nio.ByteBuffer bits = java.nio.ByteBuffer.wrap(Sha256.of(namespace + scopedKey));
    long msb = (bits.getLong() & ~0xF000L) | ((long) KEYED_VERSION << 12);
    long lsb = (bits.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
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
