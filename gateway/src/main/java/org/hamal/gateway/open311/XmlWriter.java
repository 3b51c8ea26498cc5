package org.hamal.gateway.open311;

import io.vertx.core.buffer.Buffer;

/**
 * A minimal XML writer for GeoReport's documents: elements and text only, every text escaped, so
 * that what a resident wrote can never become markup. Starts with the UTF-8 declaration the
 * specification asks for.
 */
final class XmlWriter {

  private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");

  XmlWriter open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  XmlWriter close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  /** An element with text, or an empty element for null. */
  XmlWriter leaf(String name, String text) {
    if (text == null) {
      out.append('<').append(name).append("/>");
      return this;
    }
    open(name);
    escape(text);
    return close(name);
  }

  Buffer toBuffer() {
    return Buffer.buffer(out.toString());
  }

  private void escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          // Characters XML 1.0 cannot carry at all (control characters) are dropped.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
  }
}
