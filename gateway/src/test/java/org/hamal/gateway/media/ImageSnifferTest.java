package org.hamal.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageSnifferTest {

  @Test
  void tellsTheFormatByTheFirstBytes() {
    assertThat(ImageSniffer.sniff(TestImages.jpegWithGps())).contains(ImageType.JPEG);
    assertThat(ImageSniffer.sniff(TestImages.pngWithText())).contains(ImageType.PNG);
    assertThat(ImageSniffer.sniff(TestImages.webpWithExif())).contains(ImageType.WEBP);
  }

  @Test
  void anythingElseIsNoImage() {
    assertThat(ImageSniffer.sniff(new byte[0])).isEmpty();
    assertThat(ImageSniffer.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
    assertThat(ImageSniffer.sniff("just some text, sent as image/jpeg".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ImageSniffer.sniff("GIF89a......".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    // A RIFF of another kind (a WAV recording) is not a WebP.
    assertThat(ImageSniffer.sniff("RIFF\u0004\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
  }
}
