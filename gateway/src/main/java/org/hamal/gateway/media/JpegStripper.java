package org.hamal.gateway.media;

import java.io.ByteArrayOutputStream;

/**
 * JPEG: walks the segments and keeps those decoding needs. APP1..APP15 go (EXIF with GPS, XMP,
 * ICC and maker notes, MPF previews), except APP14 "Adobe", which says how the colours are
 * transformed; of EXIF only the orientation stays, in an EXIF of its own; APP0 is kept only as
 * JFIF; comments go. The scans are copied up to the end-of-image
 * marker and anything after it is dropped: cameras append previews and motion clips there.
 */
final class JpegStripper {

  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int TEM = 0x01;
  private static final int RST0 = 0xD0;
  private static final int RST7 = 0xD7;
  private static final int APP0 = 0xE0;
  private static final int APP1 = 0xE1;
  private static final int APP14 = 0xEE;
  private static final int APP15 = 0xEF;
  private static final int COM = 0xFE;
  private static final byte[] JFIF = {'J', 'F', 'I', 'F', 0};
  private static final byte[] ADOBE = {'A', 'd', 'o', 'b', 'e'};
  private static final byte[] EXIF = {'E', 'x', 'i', 'f', 0, 0};

  private JpegStripper() {}

  static byte[] strip(byte[] in) {
    if (in.length < 4 || Bytes.u8(in, 0) != 0xFF || Bytes.u8(in, 1) != SOI) {
      throw new MalformedImage("not a JPEG: no start-of-image marker");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    out.write(in, 0, 2);
    boolean scanned = false;
    boolean oriented = false; // the first EXIF's orientation is the photo's
    int pos = 2;
    while (true) {
      if (pos >= in.length || Bytes.u8(in, pos) != 0xFF) {
        throw new MalformedImage("JPEG: no marker where one must be, at offset " + pos);
      }
      while (pos < in.length && Bytes.u8(in, pos) == 0xFF) {
        pos++; // fill bytes before a marker
      }
      if (pos >= in.length) {
        throw new MalformedImage("JPEG ends inside a marker");
      }
      int marker = Bytes.u8(in, pos++);
      if (marker == EOI) {
        if (!scanned) {
          throw new MalformedImage("JPEG ends before any image data");
        }
        out.write(0xFF);
        out.write(EOI);
        return out.toByteArray();
      }
      if (marker == TEM || (marker >= RST0 && marker <= RST7)) {
        out.write(0xFF);
        out.write(marker);
        continue;
      }
      if (marker == 0x00 || marker == SOI) {
        throw new MalformedImage("JPEG: misplaced marker 0x" + Integer.toHexString(marker) + " at offset " + (pos - 1));
      }
      if (pos + 2 > in.length) {
        throw new MalformedImage("JPEG ends inside a segment's length");
      }
      int length = Bytes.u16be(in, pos); // counts itself, not the marker
      if (length < 2 || pos + length > in.length) {
        throw new MalformedImage("JPEG: segment 0x" + Integer.toHexString(marker) + " runs past the end");
      }
      if (kept(marker, in, pos + 2)) {
        out.write(0xFF);
        out.write(marker);
        out.write(in, pos, length);
      } else if (marker == APP1 && !oriented && Bytes.startsWith(in, pos + 2, EXIF)) {
        oriented = true;
        int orientation = ExifOrientation.read(in, pos + 2 + EXIF.length, length - 2 - EXIF.length);
        if (orientation != ExifOrientation.AS_STORED) {
          writeExif(out, orientation);
        }
      }
      pos += length;
      if (marker == SOS) {
        scanned = true;
        pos = copyScan(in, pos, out);
      }
    }
  }

  private static void writeExif(ByteArrayOutputStream out, int orientation) {
    byte[] tiff = ExifOrientation.tiff(orientation);
    int length = 2 + EXIF.length + tiff.length;
    out.write(0xFF);
    out.write(APP1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.write(EXIF, 0, EXIF.length);
    out.write(tiff, 0, tiff.length);
  }

  private static boolean kept(int marker, byte[] in, int payload) {
    if (marker == COM) {
      return false;
    }
    if (marker == APP0) {
      return Bytes.startsWith(in, payload, JFIF);
    }
    if (marker == APP14) {
      return Bytes.startsWith(in, payload, ADOBE);
    }
    return marker < APP0 || marker > APP15;
  }

  /**
   * Copies entropy-coded data: everything up to the next marker other than a stuffed 0xFF00 or a
   * restart marker. Returns where that marker's 0xFF is.
   */
  private static int copyScan(byte[] in, int start, ByteArrayOutputStream out) {
    int pos = start;
    while (true) {
      if (pos + 1 >= in.length) {
        throw new MalformedImage("JPEG ends inside its image data (no end-of-image marker)");
      }
      if (Bytes.u8(in, pos) == 0xFF) {
        int next = Bytes.u8(in, pos + 1);
        if (next != 0x00 && (next < RST0 || next > RST7) && next != 0xFF) {
          break;
        }
        pos += next == 0xFF ? 1 : 2;
      } else {
        pos++;
      }
    }
    out.write(in, start, pos - start);
    return pos;
  }
}
