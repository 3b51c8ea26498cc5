package org.hamal.gateway.media;

import java.util.Optional;

/**
 * Tells an image's format by its first bytes (its magic number), never by a file name or a
 * declared type: those are the client's word, and a photo is served with the type found here.
 */
public final class ImageSniffer {

  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private ImageSniffer() {}

  /** The image's format, or empty when it is none Hamal accepts. */
  public static Optional<ImageType> sniff(byte[] content) {
    if (Bytes.startsWith(content, 0, JPEG)) {
      return Optional.of(ImageType.JPEG);
    }
    if (Bytes.startsWith(content, 0, PNG)) {
      return Optional.of(ImageType.PNG);
    }
    // RIFF, a 4-byte size, then the form type.
    if (content.length >= 12 && Bytes.ascii(content, 0, 4).equals("RIFF") && Bytes.ascii(content, 8, 4).equals("WEBP")) {
      return Optional.of(ImageType.WEBP);
    }
    return Optional.empty();
  }
}
