package org.hamal.gateway.media;

import java.io.ByteArrayOutputStream;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * PNG: keeps the critical chunks and those about colour and transparency; drops text (tEXt,
 * zTXt, iTXt), EXIF (eXIf), times and everything else, as well as anything after IEND. Animation
 * chunks go too, so an animated PNG is kept as its default image.
 */
final class PngStripper {

  private static final int SIGNATURE_LENGTH = 8;
  private static final Set<String> KEPT =
      Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD");

  private PngStripper() {}

  static byte[] strip(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    out.write(in, 0, SIGNATURE_LENGTH);
    int pos = SIGNATURE_LENGTH;
    boolean first = true;
    while (true) {
      // length (4), type (4), data, CRC (4)
      if (pos + 12 > in.length) {
        throw new MalformedImage("PNG ends without its IEND chunk");
      }
      long length = Bytes.u32be(in, pos);
      if (length > in.length - pos - 12) {
        throw new MalformedImage("PNG: a chunk's length runs past the end, at offset " + pos);
      }
      String type = Bytes.ascii(in, pos + 4, 4);
      if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        throw new MalformedImage("PNG: not a chunk type at offset " + (pos + 4));
      }
      if (first && !type.equals("IHDR")) {
        throw new MalformedImage("PNG: the first chunk is not IHDR");
      }
      first = false;
      int end = pos + 12 + (int) length;
      CRC32 crc = new CRC32();
      crc.update(in, pos + 4, 4 + (int) length);
      if (crc.getValue() != Bytes.u32be(in, end - 4)) {
        throw new MalformedImage("PNG: chunk " + type + " is damaged (CRC mismatch)");
      }
      if (KEPT.contains(type)) {
        out.write(in, pos, end - pos);
      }
      pos = end;
      if (type.equals("IEND")) {
        return out.toByteArray();
      }
    }
  }
}
