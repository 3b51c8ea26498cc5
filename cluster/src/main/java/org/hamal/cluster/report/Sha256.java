package org.hamal.cluster.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as Hamal uses it: request digests (a retry from a reused key), derived ids, a stored
 * photo's checksum. One place for the algorithm's name and the hex form stored next to rows.
 */
public final class Sha256 {

  private Sha256() {}

  /** The digest of {@code parts}, one after another. */
  public static byte[] of(byte[]... parts) {
    MessageDigest digest = digest();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  /** The digest of {@code text}'s UTF-8 bytes. */
  public static byte[] of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The digest of {@code parts}, one after another, as 64 lower-case hex digits. */
  public static String hex(byte[]... parts) {
    return HexFormat.of().formatHex(of(parts));
  }

  /** The digest of {@code text}'s UTF-8 bytes, as 64 lower-case hex digits. */
  public static String hex(String text) {
    return HexFormat.of().formatHex(of(text));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
