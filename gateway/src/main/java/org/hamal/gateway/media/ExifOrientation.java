package org.hamal.gateway.media;

/**
 * The one EXIF value a photo keeps: its orientation. Tablet cameras store the pixels as the
 * sensor saw them and say in EXIF how to turn them; without it a photo taken upright shows on its
 * side. Read from a TIFF structure (EXIF's body), written back as a TIFF holding nothing else.
 */
final class ExifOrientation {

  /** Orientation 1 is "as stored": nothing to keep. */
  static final int AS_STORED = 1;
  private static final int TAG = 0x0112;
  private static final int SHORT = 3;

  private ExifOrientation() {}

  /**
   * The orientation (1 to 8) in the TIFF at {@code start}, or {@link #AS_STORED} when there is
   * none or the structure cannot be read: the EXIF goes anyway, so a broken one refuses nothing.
   */
  static int read(byte[] in, int start, int length) {
    int end = start + length;
    if (length < 8) {
      return AS_STORED;
    }
    boolean little;
    if (in[start] == 'I' && in[start + 1] == 'I') {
      little = true;
    } else if (in[start] == 'M' && in[start + 1] == 'M') {
      little = false;
    } else {
      return AS_STORED;
    }
    long ifd = u32(in, start + 4, little);
    if (ifd < 8 || ifd > length - 2) {
      return AS_STORED;
    }
    int at = start + (int) ifd;
    int count = u16(in, at, little);
    for (int i = 0, entry = at + 2; i < count && entry + 12 <= end; i++, entry += 12) {
      if (u16(in, entry, little) == TAG && u16(in, entry + 2, little) == SHORT) {
        int value = u16(in, entry + 8, little);
        return value >= 1 && value <= 8 ? value : AS_STORED;
      }
    }
    return AS_STORED;
  }

  /** A big-endian TIFF whose only entry is the orientation. */
  static byte[] tiff(int orientation) {
    return new byte[] {
      'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at 8
      0, 1, // one entry
      (byte) (TAG >> 8), (byte) TAG, 0, SHORT, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
      0, 0, 0, 0 // no next IFD
    };
  }

  private static int u16(byte[] b, int at, boolean little) {
    return little ? Bytes.u8(b, at) | (Bytes.u8(b, at + 1) << 8) : Bytes.u16be(b, at);
  }

  private static long u32(byte[] b, int at, boolean little) {
    return little ? Bytes.u32le(b, at) : Bytes.u32be(b, at);
  }
}
