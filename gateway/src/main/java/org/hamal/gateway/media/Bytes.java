package org.hamal.gateway.media;

import java.nio.charset.StandardCharsets;

/** Reading the numbers and tags of image containers, bounds checked by the callers. */
final class Bytes {

  private Bytes() {}

  static int u8(byte[] b, int at) {
    return b[at] & 0xFF;
  }

  static int u16be(byte[] b, int at) {
    return (u8(b, at) << 8) | u8(b, at + 1);
  }

  static long u32be(byte[] b, int at) {
    return ((long) u16be(b, at) << 16) | u16be(b, at + 2);
  }

  static long u32le(byte[] b, int at) {
    return u8(b, at) | (u8(b, at + 1) << 8) | (u8(b, at + 2) << 16) | ((long) u8(b, at + 3) << 24);
  }

  static String ascii(byte[] b, int at, int length) {
    return new String(b, at, length, StandardCharsets.ISO_8859_1);
  }

  static boolean startsWith(byte[] b, int at, byte[] prefix) {
    if (at < 0 || b.length - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
