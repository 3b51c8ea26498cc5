package org.hamal.gateway.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Photos as a tablet's camera writes them: real images (ImageIO-encoded) carrying metadata with
 * a GPS position, spliced in the way cameras place it.
 */
public final class TestImages {

  /** The position the EXIF blocks carry, as text that must never be found in a stored photo. */
  public static final String SECRET = "GPS 31.6688N 34.5712E";

  /** A 1x1 lossless WebP (VP8L chunk), the smallest real WebP there is. */
  private static final byte[] VP8L_1X1 =
      Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

  private TestImages() {}

  /** A 16x16 JPEG with JFIF, then an APP1 Exif segment with a GPS IFD, and a comment. */
  public static byte[] jpegWithGps() {
    return jpegWithGps(0);
  }

  /** The same, its EXIF also saying how to turn the pixels (1 to 8), or not (0). */
  public static byte[] jpegWithGps(int orientation) {
    byte[] plain = encode("jpg");
    int afterJfif = 4 + ((plain[4] & 0xFF) << 8 | (plain[5] & 0xFF));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, afterJfif);
    segment(out, 0xE1, exif(orientation));
    segment(out, 0xFE, SECRET.getBytes(StandardCharsets.US_ASCII));
    out.write(plain, afterJfif, plain.length - afterJfif);
    return out.toByteArray();
  }

  /** A 16x16 PNG with tEXt, eXIf and tIME chunks after its header. */
  public static byte[] pngWithText() {
    byte[] plain = encode("png");
    int afterIhdr = 8 + 12 + 13;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, afterIhdr);
    chunk(out, "tEXt", ("Comment\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1));
    byte[] exif = exif();
    chunk(out, "eXIf", java.util.Arrays.copyOfRange(exif, 6, exif.length)); // no "Exif\0\0" in PNG
    chunk(out, "tIME", new byte[] {0x07, (byte) 0xEA, 11, 24, 10, 0, 0});
    out.write(plain, afterIhdr, plain.length - afterIhdr);
    return out.toByteArray();
  }

  /** A 1x1 extended WebP: VP8X announcing EXIF and XMP, the image, an EXIF and an XMP chunk. */
  public static byte[] webpWithExif() {
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    byte[] vp8x = new byte[10];
    vp8x[0] = 0x08 | 0x04; // EXIF and XMP present; canvas 1x1 (stored minus one) is all zeros
    riffChunk(chunks, "VP8X", vp8x);
    chunks.write(VP8L_1X1, 12, VP8L_1X1.length - 12);
    riffChunk(chunks, "EXIF", exif());
    riffChunk(chunks, "XMP ", ("<x:xmpmeta>" + SECRET + "</x:xmpmeta>").getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(le32(4 + chunks.size()));
    out.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(chunks.toByteArray());
    return out.toByteArray();
  }

  /** Decodes a JPEG or PNG, or fails. */
  public static BufferedImage decode(byte[] image) {
    try {
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
      if (decoded == null) {
        throw new AssertionError("not a decodable image");
      }
      return decoded;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when {@code needle} occurs in {@code hay}. */
  public static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  public static boolean contains(byte[] hay, String needle) {
    return contains(hay, needle.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] encode(String format) {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, 16, 16);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * "Exif\0\0" and a big-endian TIFF: IFD0 pointing to a GPS IFD with latitude and longitude
   * (31°40'7.76"N 34°34'16.32"E), and an image description holding {@link #SECRET}.
   */
  static byte[] exif() {
    return exif(0);
  }

  /** The same with an orientation (1 to 8) in IFD0, or none (0). */
  static byte[] exif(int orientation) {
    byte[] secret = (SECRET + "\0").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer tiff = ByteBuffer.allocate(200 + secret.length).order(ByteOrder.BIG_ENDIAN);
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    int entries = orientation == 0 ? 2 : 3;
    int gpsIfd = 8 + 2 + entries * 12 + 4;
    int descriptionAt = 180;
    tiff.putShort((short) entries);
    entry(tiff, 0x010E, 2, secret.length, descriptionAt); // ImageDescription
    if (orientation != 0) {
      entry(tiff, 0x0112, 3, 1, orientation << 16); // Orientation: a SHORT, left-justified
    }
    entry(tiff, 0x8825, 4, 1, gpsIfd); // GPSInfo
    tiff.putInt(0);
    int data = gpsIfd + 2 + 4 * 12 + 4;
    tiff.putShort((short) 4);
    entry(tiff, 0x0001, 2, 2, 'N' << 24); // GPSLatitudeRef
    entry(tiff, 0x0002, 5, 3, data); // GPSLatitude
    entry(tiff, 0x0003, 2, 2, 'E' << 24); // GPSLongitudeRef
    entry(tiff, 0x0004, 5, 3, data + 24); // GPSLongitude
    tiff.putInt(0);
    for (int[] r : new int[][] {{31, 1}, {40, 1}, {776, 100}, {34, 1}, {34, 1}, {1632, 100}}) {
      tiff.putInt(r[0]).putInt(r[1]);
    }
    tiff.position(descriptionAt).put(secret);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(tiff.array());
    return out.toByteArray();
  }

  private static void entry(ByteBuffer ifd, int tag, int type, int count, int value) {
    ifd.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
  }

  /** A JPEG segment: marker, length (counting itself), payload. */
  static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
    out.write(0xFF);
    out.write(marker);
    out.write((payload.length + 2) >> 8);
    out.write((payload.length + 2) & 0xFF);
    out.writeBytes(payload);
  }

  /** A PNG chunk with its CRC. */
  static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A RIFF chunk, padded to an even size. */
  static void riffChunk(ByteArrayOutputStream out, String fourcc, byte[] data) {
    out.writeBytes(fourcc.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(le32(data.length));
    out.writeBytes(data);
    if (data.length % 2 == 1) {
      out.write(0);
    }
  }

  static byte[] le32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }
}
