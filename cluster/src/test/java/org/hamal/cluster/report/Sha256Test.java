package org.hamal.cluster.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {

  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void hashesTextAsUtf8AndPartsAsOneSequence() {
    assertThat(Sha256.hex("abc")).isEqualTo(ABC); // FIPS 180-2's first example
    byte[] a = "a".getBytes(StandardCharsets.UTF_8);
    byte[] bc = "bc".getBytes(StandardCharsets.UTF_8);
    assertThat(Sha256.hex(a, bc)).isEqualTo(ABC);
    assertThat(Sha256.of("abc")).hasSize(32);
  }
}
