package org.hamal.gateway.devices;

import io.nayuki.qrcodegen.QrCode;

/**
 * QR codes of sign-in links, encoded by qrcodegen and drawn here: as SVG for the supervisors'
 * page, and in Unicode half blocks for a terminal (two rows of modules per line of text).
 */
public final class QrCodes {

  /** The quiet zone the standard asks around the code, in modules. */
  private static final int QUIET = 4;

  private QrCodes() {}

  /** Medium error correction: a link printed or shown on a scratched screen still reads. */
  private static QrCode encode(String text) {
    return QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
  }

  /** The code as a standalone SVG document, black on white, one unit per module. */
  public static String svg(String text) {
    QrCode qr = encode(text);
    int side = qr.size + 2 * QUIET;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          path.append('M').append(x + QUIET).append(',').append(y + QUIET).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + side + " " + side
        + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>";
  }

  /**
   * The code for a terminal: dark modules as dark, light ones (and the quiet zone) as the full
   * block, so that it reads on a dark terminal as on paper. Each line holds two rows of modules.
   */
  public static String terminal(String text) {
    QrCode qr = encode(text);
    StringBuilder out = new StringBuilder();
    for (int y = -QUIET; y < qr.size + QUIET; y += 2) {
      for (int x = -QUIET; x < qr.size + QUIET; x++) {
        boolean top = light(qr, x, y);
        boolean bottom = light(qr, x, y + 1);
        out.append(top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Outside the code (the quiet zone) is light. */
  private static boolean light(QrCode qr, int x, int y) {
    return x < 0 || y < 0 || x >= qr.size || y >= qr.size || !qr.getModule(x, y);
  }
}
