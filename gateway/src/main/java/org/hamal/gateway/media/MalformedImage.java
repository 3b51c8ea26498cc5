package org.hamal.gateway.media;

/** An image whose structure is broken: a truncated segment, a chunk length past the end. */
public final class MalformedImage extends RuntimeException {

  public MalformedImage(String message) {
    super(message, null, false, false);
  }
}
