package org.hamal.gateway.media;

import java.io.ByteArrayOutputStream;

/**
 * WebP: drops the EXIF and XMP chunks, clears the flags in VP8X that announce them, and writes
 * the RIFF size anew. Anything after the RIFF's end is dropped.
 */
final class WebpStripper {

  private static final int HEADER = 12; // "RIFF", size, "WEBP"
  private static final int VP8X_FLAGS_TO_CLEAR = 0x08 | 0x04; // EXIF, XMP
  private static final int VP8X_MIN_SIZE = 10;

  private WebpStripper() {}

  static byte[] strip(byte[] in) {
    long riffSize = Bytes.u32le(in, 4); // counts "WEBP" and the chunks
    if (riffSize < 4 || riffSize > in.length - 8L) {
      throw new MalformedImage("WebP: the RIFF size runs past the end");
    }
    int end = 8 + (int) riffSize;
    // One output, its RIFF size written in place at the end: a photo is up to media.maxBytes.
    ByteArrayOutputStream out = new ByteArrayOutputStream(end);
    out.write(in, 0, HEADER);
    int vp8x = -1;
    int pos = HEADER;
    while (pos < end) {
      if (pos + 8 > end) {
        throw new MalformedImage("WebP: a chunk header runs past the end, at offset " + pos);
      }
      String fourcc = Bytes.ascii(in, pos, 4);
      long size = Bytes.u32le(in, pos + 4);
      if (size > end - pos - 8L) {
        throw new MalformedImage("WebP: chunk '" + fourcc + "' runs past the end");
      }
      // Chunks are padded to an even size; a last chunk without its pad byte is taken as it is.
      int chunkEnd = (int) Math.min(pos + 8 + size + (size & 1), end);
      if (fourcc.equals("VP8X")) {
        if (size < VP8X_MIN_SIZE) {
          throw new MalformedImage("WebP: the VP8X chunk is too short");
        }
        vp8x = out.size();
      }
      if (!fourcc.equals("EXIF") && !fourcc.equals("XMP ")) {
        out.write(in, pos, chunkEnd - pos);
      }
      pos = chunkEnd;
    }
    byte[] stripped = out.toByteArray();
    if (stripped.length == HEADER) {
      throw new MalformedImage("WebP without image data");
    }
    if (vp8x >= 0) {
      stripped[vp8x + 8] &= (byte) ~VP8X_FLAGS_TO_CLEAR;
    }
    int riff = stripped.length - 8; // "WEBP" and the chunks
    stripped[4] = (byte) riff;
    stripped[5] = (byte) (riff >>> 8);
    stripped[6] = (byte) (riff >>> 16);
    stripped[7] = (byte) (riff >>> 24);
    return stripped;
  }
}
