package org.hamal.gateway.media;

/** The image formats a report's photo may have. */
public enum ImageType {
  JPEG("image/jpeg"),
  PNG("image/png"),
  WEBP("image/webp");

  private final String contentType;

  ImageType(String contentType) {
    this.contentType = contentType;
  }

  /** The media type the photo is served with. */
  public String contentType() {
    return contentType;
  }
}
