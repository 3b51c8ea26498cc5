package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.report.Reports;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tablet on a slow network reading a large snapshot: it never answers a ping (its pongs would
 * wait behind the pages), yet it reads, so the server must not drop it as dead; once it has the
 * snapshot and then neither reads slowly nor answers, it is dropped. A raw WebSocket client, so
 * that nothing answers pings for it.
 */
class SlowReaderIT {

  /**
   * Of about 2 KB each: the snapshot is ≈ 1.1 MB, far more than the kernel's buffers and the
   * connection's, so that most of it is still on the server when a deaf one would have dropped
   * the client.
   */
  private static final int REPORTS = 500;
  /** The client reads this much at a time, then waits {@link #PACE_MILLIS}: at most 160 KB/s. */
  private static final int CHUNK = 8192;
  private static final long PACE_MILLIS = 50;
  private static final int POLICY_VIOLATION = 1008;

  @TempDir Path data;

  @Test
  void aClientThatKeepsReadingIsNotDroppedThoughItNeverAnswersAPing() throws Exception {
    // Dead after 3 s of silence; the snapshot is one page of ≈ 1.1 MB, one frame, which at this
    // pace takes ≥ 7 s to read. Only its progress through the socket, seen at every heartbeat,
    // keeps the client: Netty's writability changes only once the whole frame is through, and
    // Vert.x's drain only after 16 messages queued. The kernel's buffer is bounded too: left to
    // autotuning it takes ≈ 3 MB on loopback, and the snapshot would never back up.
    try (RunningNode node =
        RunningNode.start(
            data,
            TestClusters.random(),
            Map.of(),
            """
            live:
              heartbeatSeconds: 1
              deadAfterSeconds: 3
              writeQueueBytes: 16384
              socketSendBufferBytes: 16384
            """)) {
      Set<String> posted = new HashSet<>();
      SlowConsumerIT.postLongReports(node, REPORTS).forEach(r -> posted.add(r.getString("id")));

      try (Socket socket = new Socket()) {
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress("127.0.0.1", node.port()));
        RawWebSocket ws = RawWebSocket.upgrade(socket, node.token(Role.OPERATOR));
        ws.sendText(new JsonObject().put("type", "subscribe").put("filter", new JsonObject()).encode());

        // Reports are announced after their answer: those not yet in the snapshot come after it.
        Set<String> seen = new HashSet<>();
        boolean snapshotDone = false;
        boolean answered = false;
        RawWebSocket.Frame frame;
        while ((frame = ws.next(!snapshotDone)) != null && frame.opcode() != RawWebSocket.CLOSE) {
          if (frame.opcode() != RawWebSocket.TEXT) {
            continue; // pings go unanswered
          }
          JsonObject m = new JsonObject(frame.text());
          switch (m.getString("type")) {
            case "snapshot" -> {
              m.getJsonArray("reports").forEach(r -> seen.add(((JsonObject) r).getString("id")));
              if (m.getBoolean("last")) {
                snapshotDone = true;
                // Still there? A server that gave up on it has its close frame already on the way,
                // behind whatever pages it had queued by then.
                ws.sendText(new JsonObject().put("type", "ping").put("t", 7).encode());
              }
            }
            case "report.created" -> seen.add(m.getJsonObject("report").getString("id"));
            case "batch" -> m.getJsonArray("reports").forEach(r -> seen.add(((JsonObject) r).getString("id")));
            case "pong" -> answered = true;
            default -> {}
          }
        }
        assertThat(snapshotDone).as("the whole snapshot came before the server gave up on the client").isTrue();
        assertThat(answered).as("the client was still connected once it had read the snapshot").isTrue();
        assertThat(seen).isEqualTo(posted);
        // Reading at full speed from then on, and silent: nothing backs up, so it is dropped.
        assertThat(frame).as("the server closes a client it no longer hears from").isNotNull();
        assertThat(frame.closeCode()).isEqualTo(POLICY_VIOLATION);
        assertThat(node.services().live().dropped("silent")).isEqualTo(1);
      }
    }
  }

  @Test
  void aClientReadingFarSlowerThanItIsSentToIsDropped() throws Exception {
    try (RunningNode node =
        RunningNode.start(
            data,
            TestClusters.random(),
            Map.of(),
            """
            live:
              heartbeatSeconds: 1
              deadAfterSeconds: 10
              writeQueueBytes: 16384
              socketSendBufferBytes: 16384
              slowReaderSeconds: 4
            """)) {
      SlowConsumerIT.postLongReports(node, REPORTS);
      try (Socket socket = new Socket()) {
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress("127.0.0.1", node.port()));
        // 2 KB per 50 ms: it reads, so it is heard, but the ≈ 1.1 MB snapshot keeps its send buffer
        // full for ≈ 27 s, far past slowReaderSeconds.
        RawWebSocket ws = RawWebSocket.upgrade(socket, node.token(Role.OPERATOR), 2048);
        ws.readSlowly(true);
        ws.sendText(new JsonObject().put("type", "subscribe").put("filter", new JsonObject()).encode());
        // The slow network lasts until the server has given up on the client (its close frame
        // waits behind what the client has not read); then the client reads at full speed, to
        // find that close frame.
        Thread network = new Thread(() -> {
          try {
            Eventually.until(() -> node.services().live().connections(), n -> n == 0, Duration.ofSeconds(120));
          } catch (Exception e) {
            Thread.currentThread().interrupt();
          }
          ws.readSlowly(false);
        });
        network.setDaemon(true);
        network.start();
        RawWebSocket.Frame frame;
        while ((frame = ws.next()) != null && frame.opcode() != RawWebSocket.CLOSE) {
          // its pages, its heartbeats: unanswered
        }
        assertThat(frame).as("the server closed the stream").isNotNull();
        assertThat(frame.closeCode()).isEqualTo(POLICY_VIOLATION);
        assertThat(frame.closeReason()).isEqualTo("too slow");
        // ...and counted, for GET /metrics (hamal_live_dropped_total{reason="slow"}).
        assertThat(node.services().live().dropped("slow")).isEqualTo(1);
        assertThat(node.services().live().dropped("silent")).isZero();
      }
    }
  }

  /** Just enough of RFC 6455 for a client that reads, sends a message or two and never pongs. */
  static final class RawWebSocket {
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;

    record Frame(int opcode, byte[] payload) {
      String text() {
        return new String(payload, StandardCharsets.UTF_8);
      }

      int closeCode() {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
      }

      String closeReason() {
        return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
      }
    }

    private final PacedInput paced;
    private final DataInputStream in;
    private final OutputStream out;
    /** A data message whose fragments are still coming (a control frame may come between). */
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private int opcode = -1;

    private RawWebSocket(InputStream raw, OutputStream out, int chunk) {
      this.paced = new PacedInput(raw, chunk);
      this.in = new DataInputStream(paced);
      this.out = out;
    }

    static RawWebSocket upgrade(Socket socket, String token) throws IOException {
      return upgrade(socket, token, CHUNK);
    }

    /** @param chunk what it reads per {@link #PACE_MILLIS} when reading slowly */
    static RawWebSocket upgrade(Socket socket, String token, int chunk) throws IOException {
      String request =
          "GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
              + "Authorization: Bearer " + token + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed during the upgrade: " + head);
        }
        head.write(b);
      }
      assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
      return new RawWebSocket(in, socket.getOutputStream(), chunk);
    }

    /** Sends one masked text frame (the mask is zeros: the payload goes as it is). */
    void sendText(String text) throws IOException {
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x80 | TEXT);
      if (payload.length < 126) {
        frame.write(0x80 | payload.length);
      } else {
        frame.write(0x80 | 126);
        frame.write(payload.length >>> 8);
        frame.write(payload.length & 0xFF);
      }
      frame.write(new byte[4]);
      frame.write(payload);
      out.write(frame.toByteArray());
      out.flush();
    }

    /** Reads slowly until told otherwise, from any thread. */
    void readSlowly(boolean slowly) {
      paced.slowly = slowly;
    }

    /** The next whole message (fragments joined), or null at the end of the stream. */
    Frame next(boolean slowly) throws IOException {
      paced.slowly = slowly;
      return next();
    }

    /** The next whole message at the pace set last. */
    Frame next() throws IOException {
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          return null;
        }
        int len = in.readUnsignedByte() & 0x7F;
        long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        int op = b0 & 0x0F;
        if (op >= CLOSE) {
          return new Frame(op, payload); // control frames come whole, even between fragments
        }
        if (op != 0) {
          opcode = op;
        }
        message.write(payload);
        if ((b0 & 0x80) != 0) {
          Frame whole = new Frame(opcode, message.toByteArray());
          message.reset();
          return whole;
        }
      }
    }
  }

  /** Reads at most {@code chunk} bytes per {@link #PACE_MILLIS} while {@code slowly}. */
  private static final class PacedInput extends InputStream {
    private final InputStream in;
    private final int chunk;
    private int leftInChunk;
    volatile boolean slowly;

    PacedInput(InputStream in, int chunk) {
      this.in = in;
      this.chunk = chunk;
      this.leftInChunk = chunk;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (!slowly) {
        return in.read(b, off, len);
      }
      if (leftInChunk == 0) {
        try {
          Thread.sleep(PACE_MILLIS); // the slow network being modelled, not a wait for the server
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        leftInChunk = chunk;
      }
      int n = in.read(b, off, Math.min(len, leftInChunk));
      if (n > 0) {
        leftInChunk -= n;
      }
      return n;
    }
  }
}
