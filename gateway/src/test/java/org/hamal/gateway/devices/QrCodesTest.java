package org.hamal.gateway.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class QrCodesTest {

  private static final String URL = "http://127.0.0.1:8080/field/#signin=eyJhbGciOiJIUzI1NiJ9.e30.abc";

  @Test
  void theTerminalCodeIsTheQrCodeInHalfBlocksWithAQuietZone() {
    QrCode qr = QrCode.encodeText(URL, QrCode.Ecc.MEDIUM);
    List<String> lines = QrCodes.terminal(URL).lines().toList();
    int side = qr.size + 8;
    assertThat(lines).hasSize((side + 1) / 2);
    assertThat(lines).allMatch(l -> l.length() == side);
    // Four light modules all round: two full lines of full blocks at the top, four columns aside.
    assertThat(lines.get(0)).matches("█+");
    assertThat(lines.get(1)).matches("█+");
    assertThat(lines).allMatch(l -> l.startsWith("████") && l.endsWith("████"));
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        char c = lines.get((y + 4) / 2).charAt(x + 4);
        boolean light = (y + 4) % 2 == 0 ? c == '█' || c == '▀' : c == '█' || c == '▄';
        assertThat(light).as("module %d,%d", x, y).isEqualTo(!qr.getModule(x, y));
      }
    }
  }

  @Test
  void theSvgDrawsEveryDarkModuleOnAWhiteSquare() {
    QrCode qr = QrCode.encodeText(URL, QrCode.Ecc.MEDIUM);
    String svg = QrCodes.svg(URL);
    int side = qr.size + 8;
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        .contains("viewBox=\"0 0 " + side + " " + side + "\"")
        .contains("fill=\"#ffffff\"")
        .endsWith("</svg>");
    int dark = 0;
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          dark++;
          assertThat(svg).contains("M" + (x + 4) + "," + (y + 4) + "h1v1h-1z");
        }
      }
    }
    assertThat(svg.split("h1v1h-1z", -1)).hasSize(dark + 1);
  }
}
