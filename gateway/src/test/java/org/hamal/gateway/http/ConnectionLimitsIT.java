package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** No kind of connection holds the node's sockets for long, and never more than allowed. */
class ConnectionLimitsIT {

  private static final int MAX = 20;
  /** Longer than every bound configured below: a connection still open then was not bounded. */
  private static final int PATIENCE_MILLIS = 30_000;
  /** How long a read waits to call a connection open: nothing the node does is expected then. */
  private static final int STILL_OPEN_MILLIS = 1_000;
  /** How long one look at a socket waits while counting the closed ones. */
  private static final int POLL_MILLIS = 100;

  @RegisterExtension
  static final RunningNode node =
      RunningNode.extension()
          .withConfig("http:\n  maxConnections: " + MAX + "\n  idleTimeoutSeconds: 3\n  headerTimeoutSeconds: 2\n");

  @Test
  void connectionsBeyondTheLimitAreClosedAndTheOthersKept(@TempDir Path own) throws Exception {
    // Timeouts long enough that only the limit closes anything here.
    try (RunningNode patient = RunningNode.start(own, TestClusters.random(), Map.of(),
        "http:\n  maxConnections: " + MAX + "\n  idleTimeoutSeconds: 600\n  headerTimeoutSeconds: 600\n")) {
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 2 * MAX; i++) {
          Socket s = new Socket("127.0.0.1", patient.port());
          s.setSoTimeout(PATIENCE_MILLIS);
          sockets.add(s);
        }
        // Which ones are refused depends on the order the event loops take them up: count them.
        java.util.Set<Socket> closed = new java.util.HashSet<>();
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (closed.size() < MAX && System.currentTimeMillis() < deadline) {
          for (Socket s : sockets) {
            if (!closed.contains(s)) {
              s.setSoTimeout(POLL_MILLIS);
              if (closedByServer(s)) {
                closed.add(s);
              }
            }
          }
        }
        assertThat(closed).as("connections beyond the limit, closed").hasSize(MAX);
        for (Socket s : sockets) {
          if (!closed.contains(s)) {
            s.setSoTimeout(STILL_OPEN_MILLIS);
            assertThat(closedByServer(s)).as("a connection within the limit").isFalse();
          }
        }
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
      // Their slots are free again (read until the node has seen them go).
      assertThat(patient.awaitReady(Duration.ofSeconds(30))).isEqualTo(200);
    }
  }

  @Test
  void aLiveStreamGivesItsConnectionsSlotBackWhenItCloses() throws Exception {
    // More streams, one after the other, than the node may hold at once.
    for (int i = 0; i < 2 * MAX; i++) {
      try (org.hamal.gateway.LiveClient stream =
          org.hamal.gateway.LiveClient.connect(node.liveUri(), node.token(org.hamal.gateway.auth.Role.DISPLAY))) {
        assertThat(stream.next("hello", 30)).as("stream %d", i).isNotNull();
      }
    }
    assertThat(node.awaitReady(Duration.ofSeconds(30))).isEqualTo(200);
  }

  @Test
  void silentConnectionsAreClosedSoon() throws Exception {
    try (Socket s = connect()) {
      assertThat(closedByServer(s)).isTrue();
    }
  }

  @Test
  void aClientTricklingItsHeadersIsCutOff() throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      out.write("GET /ready HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(500);
      InputStream in = s.getInputStream();
      long give = System.currentTimeMillis() + PATIENCE_MILLIS;
      boolean closed = false;
      // One header byte every half second, never the end of the head.
      while (!closed && System.currentTimeMillis() < give) {
        try {
          out.write('X');
          out.flush();
          closed = in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
          // nothing yet: another byte
        } catch (java.io.IOException reset) {
          closed = true;
        }
      }
      assertThat(closed).as("closed within %d ms", PATIENCE_MILLIS).isTrue();
    }
  }

  @Test
  void aKeptAliveConnectionLeftIdleIsClosed() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] head = new byte[12];
      assertThat(s.getInputStream().readNBytes(head, 0, head.length)).isEqualTo(head.length);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      assertThat(closedByServer(s)).isTrue();
    }
  }

  private static Socket connect() throws Exception {
    Socket s = new Socket("127.0.0.1", node.port());
    s.setSoTimeout(PATIENCE_MILLIS);
    return s;
  }

  /** Reads what is left until the server closes the connection: false if it stays open. */
  private static boolean closedByServer(Socket s) throws Exception {
    try {
      InputStream in = s.getInputStream();
      while (in.read() != -1) {
        // what was in flight
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (java.io.IOException reset) {
      return true;
    }
  }
}
