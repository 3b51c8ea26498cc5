package org.hamal.gateway.media;

/**
 * Removes what a photo says beyond its pixels before it is stored: above all the GPS position a
 * tablet's camera writes into EXIF, which would tell anyone who sees the photo where the patroller
 * (or a resident's home) was. Only what decoding needs, and colour, is kept.
 */
public final class MetadataStripper {

  private MetadataStripper() {}

  /**
   * The image without its metadata.
   *
   * @throws MalformedImage when the image's structure is broken
   */
  public static byte[] strip(ImageType type, byte[] image) {
    return switch (type) {
      case JPEG -> JpegStripper.strip(image);
      case PNG -> PngStripper.strip(image);
      case WEBP -> WebpStripper.strip(image);
    };
  }
}
