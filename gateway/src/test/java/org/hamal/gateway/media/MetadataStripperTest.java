package org.hamal.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MetadataStripperTest {

  private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);

  @Test
  void aJpegLosesItsExifAndCommentAndKeepsJfifAndItsPixels() {
    byte[] photo = TestImages.jpegWithGps();
    assertThat(TestImages.contains(photo, EXIF_HEADER)).isTrue();

    byte[] stripped = MetadataStripper.strip(ImageType.JPEG, photo);

    assertThat(TestImages.contains(stripped, EXIF_HEADER)).isFalse();
    assertThat(TestImages.contains(stripped, TestImages.SECRET)).isFalse();
    assertThat(TestImages.contains(stripped, "JFIF\0")).isTrue();
    assertThat(Arrays.copyOfRange(stripped, 0, 2)).containsExactly(0xFF, 0xD8);
    assertThat(Arrays.copyOfRange(stripped, stripped.length - 2, stripped.length)).containsExactly(0xFF, 0xD9);
    assertThat(TestImages.decode(stripped).getRGB(8, 8)).isEqualTo(TestImages.decode(photo).getRGB(8, 8));
    assertThat(MetadataStripper.strip(ImageType.JPEG, stripped)).isEqualTo(stripped);
  }

  @Test
  void aJpegKeepsOnlyItsOrientationOfItsExif() {
    byte[] photo = TestImages.jpegWithGps(6); // taken upright: turn 90° clockwise to show

    byte[] stripped = MetadataStripper.strip(ImageType.JPEG, photo);

    assertThat(TestImages.contains(stripped, TestImages.SECRET)).isFalse();
    int exif = indexOf(stripped, EXIF_HEADER);
    // An EXIF of the orientation alone: length 2 + 6 + a 26-byte TIFF with one entry.
    assertThat(Bytes.u16be(stripped, exif - 2)).isEqualTo(34);
    assertThat(ExifOrientation.read(stripped, exif + EXIF_HEADER.length, 26)).isEqualTo(6);
    assertThat(TestImages.decode(stripped).getWidth()).isEqualTo(16);
    assertThat(MetadataStripper.strip(ImageType.JPEG, stripped)).isEqualTo(stripped);
  }

  @Test
  void aJpegKeepsAdobeColourInformationAndLosesWhatFollowsTheImage() {
    byte[] photo = TestImages.jpegWithGps();
    ByteArrayOutputStream spliced = new ByteArrayOutputStream();
    spliced.write(photo, 0, 2);
    TestImages.segment(spliced, 0xEE, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 1});
    TestImages.segment(spliced, 0xE2, "ICC_PROFILE\0 camera model".getBytes(StandardCharsets.US_ASCII));
    spliced.write(photo, 2, photo.length - 2);
    spliced.writeBytes(("trailer " + TestImages.SECRET).getBytes(StandardCharsets.US_ASCII));

    byte[] stripped = MetadataStripper.strip(ImageType.JPEG, spliced.toByteArray());

    assertThat(TestImages.contains(stripped, "Adobe")).isTrue();
    assertThat(TestImages.contains(stripped, "ICC_PROFILE")).isFalse();
    assertThat(TestImages.contains(stripped, TestImages.SECRET)).isFalse();
    assertThat(stripped[stripped.length - 1]).isEqualTo((byte) 0xD9);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aBrokenJpegIsRefused() {
    byte[] photo = TestImages.jpegWithGps();
    // Cut inside the Exif segment, inside the image data, and right before the end marker.
    for (int cut : new int[] {30, photo.length / 2, photo.length - 2}) {
      assertThatThrownBy(() -> MetadataStripper.strip(ImageType.JPEG, Arrays.copyOf(photo, cut)))
          .as("cut at %d", cut)
          .isInstanceOf(MalformedImage.class);
    }
    byte[] longSegment = photo.clone();
    longSegment[4] = (byte) 0xFF; // APP0's length now runs past the end
    assertThatThrownBy(() -> MetadataStripper.strip(ImageType.JPEG, longSegment)).isInstanceOf(MalformedImage.class);
    byte[] noImage = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    assertThatThrownBy(() -> MetadataStripper.strip(ImageType.JPEG, noImage)).isInstanceOf(MalformedImage.class);
  }

  @Test
  void aPngKeepsOnlyImageAndColourChunks() {
    byte[] photo = TestImages.pngWithText();

    byte[] stripped = MetadataStripper.strip(ImageType.PNG, photo);

    for (String gone : new String[] {"tEXt", "eXIf", "tIME", TestImages.SECRET}) {
      assertThat(TestImages.contains(stripped, gone)).as(gone).isFalse();
    }
    assertThat(Bytes.ascii(stripped, 12, 4)).isEqualTo("IHDR");
    assertThat(Bytes.ascii(stripped, stripped.length - 8, 4)).isEqualTo("IEND");
    assertThat(TestImages.decode(stripped).getRGB(8, 8)).isEqualTo(TestImages.decode(photo).getRGB(8, 8));
  }

  @Test
  void aBrokenPngIsRefused() {
    byte[] photo = TestImages.pngWithText();
    assertThatThrownBy(() -> MetadataStripper.strip(ImageType.PNG, Arrays.copyOf(photo, photo.length - 5)))
        .isInstanceOf(MalformedImage.class);
    byte[] badCrc = photo.clone();
    badCrc[40] ^= 1; // inside the tEXt chunk
    assertThatThrownBy(() -> MetadataStripper.strip(ImageType.PNG, badCrc)).isInstanceOf(MalformedImage.class);
    byte[] longChunk = photo.clone();
    longChunk[8] = 0x7F; // IHDR's length now runs past the end
    assertThatThrownBy(() -> MetadataStripper.strip(ImageType.PNG, longChunk)).isInstanceOf(MalformedImage.class);
  }

  @Test
  void aWebpLosesExifAndXmpAndTheirFlagsAndGetsItsSizeRight() {
    byte[] photo = TestImages.webpWithExif();

    byte[] stripped = MetadataStripper.strip(ImageType.WEBP, photo);

    assertThat(TestImages.contains(stripped, "EXIF")).isFalse();
    assertThat(TestImages.contains(stripped, "XMP ")).isFalse();
    assertThat(TestImages.contains(stripped, TestImages.SECRET)).isFalse();
    assertThat(Bytes.ascii(stripped, 0, 4)).isEqualTo("RIFF");
    assertThat(Bytes.ascii(stripped, 8, 4)).isEqualTo("WEBP");
    assertThat(Bytes.u32le(stripped, 4)).isEqualTo(stripped.length - 8);
    assertThat(Bytes.ascii(stripped, 12, 4)).isEqualTo("VP8X");
    assertThat(stripped[20] & (0x08 | 0x04)).isZero();
    assertThat(TestImages.contains(stripped, "VP8L")).isTrue();
  }

  @Test
  void aBrokenWebpIsRefused() {
    byte[] photo = TestImages.webpWithExif();
    assertThatThrownBy(() -> MetadataStripper.strip(ImageType.WEBP, Arrays.copyOf(photo, photo.length - 3)))
        .isInstanceOf(MalformedImage.class);
    byte[] longChunk = photo.clone();
    longChunk[17] = 0x7F; // VP8X's size now runs past the end
    assertThatThrownBy(() -> MetadataStripper.strip(ImageType.WEBP, longChunk)).isInstanceOf(MalformedImage.class);
  }
}
