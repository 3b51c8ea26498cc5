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
    ByteArrayOutputStream chunks = new ByteArrayOutputStream(in.length);
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
        vp8x = chunks.size();
      }
      if (!fourcc.equals("EXIF") && !fourcc.equals("XMP ")) {
        chunks.write(in, pos, chunkEnd - pos);
      }
      pos = chunkEnd;
    }
    byte[] body = chunks.toByteArray();
    if (body.length == 0) {
      throw new MalformedImage("WebP without image data");
    }
    if (vp8x >= 0) {
      body[vp8x + 8] &= (byte) ~VP8X_FLAGS_TO_CLEAR;
    }
    int newRiffSize = 4 + body.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 + newRiffSize);
    out.write(in, 0, 4);
    out.write(newRiffSize & 0xFF);
    out.write((newRiffSize >>> 8) & 0xFF);
    out.write((newRiffSize >>> 16) & 0xFF);
    out.write((newRiffSize >>> 24) & 0xFF);
    out.write(in, 8, 4);
    out.write(body, 0, body.length);
    return out.toByteArray();
  }
}
