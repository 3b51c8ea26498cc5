package org.hamal.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.x over a plain socket, for requests a normal client refuses to send (control characters
 * in headers, unknown versions, broken escapes). One request a connection; the answer is read
 * until the server closes or the declared body has come.
 */
public final class RawHttp {

  /** How long a read waits for the server: far beyond any answer the node gives on loopback. */
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private RawHttp() {}

  /** An answer: status, headers by lower-case name, and the body as UTF-8 (ISO-8859-1 head). */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Sends {@code request} (the whole message, head and body) and reads the answer. */
  public static Answer send(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before it has read all (a head over the limit).
      }
      return read(socket.getInputStream());
    }
  }

  /**
   * A request: {@code requestLine}, a Host header, {@code headers} as given (one a line, nothing
   * checked), the body's length, {@code Connection: close}, and the body as UTF-8.
   */
  public static byte[] message(String requestLine, String body, String... headers) {
    StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    head.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = java.util.Arrays.copyOf(start, start.length + content.length);
    System.arraycopy(content, 0, all, start.length, content.length);
    return all;
  }

  public static Answer send(int port, String request) throws IOException {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    boolean open = true;
    while (true) {
      byte[] bytes = all.toByteArray();
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        int headEnd = end + 4;
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        if (status == 101) {
          // Switched to another protocol (a WebSocket): nothing more is HTTP.
          return new Answer(status, headers, "");
        }
        if (status >= 100 && status < 200) {
          // An interim answer (100 Continue): the real one follows.
          all.reset();
          all.write(bytes, headEnd, bytes.length - headEnd);
          continue;
        }
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : -1;
        if (!open || (length >= 0 && bytes.length >= headEnd + length)) {
          int bodyEnd = length >= 0 ? Math.min(bytes.length, headEnd + length) : bytes.length;
          return new Answer(status, headers, new String(bytes, headEnd, bodyEnd - headEnd, StandardCharsets.UTF_8));
        }
      } else if (!open) {
        return new Answer(-1, Map.of(), text);
      }
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException | java.net.SocketException e) {
        n = -1;
      }
      if (n < 0) {
        open = false;
      } else {
        all.write(buf, 0, n);
      }
    }
  }
}
