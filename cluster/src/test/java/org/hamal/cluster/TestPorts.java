package org.hamal.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Listening ports for test nodes. A port the system hands out ({@code new ServerSocket(0)}) is
 * from the ephemeral range, where any outgoing connection made before the node binds it (a
 * Hazelcast join takes seconds) can take it: "Address already in use". These come from below
 * that range and below {@link TestClusters}' ranges, in sequence per JVM from a random start,
 * each checked free on loopback.
 */
public final class TestPorts {

  private static final int FIRST = 10_000;
  private static final int LAST = 19_999;
  private static final AtomicInteger NEXT =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(FIRST, LAST));

  private TestPorts() {}

  public static int free() throws IOException {
    for (int tries = 0; tries <= LAST - FIRST; tries++) {
      int port = NEXT.getAndUpdate(p -> p >= LAST ? FIRST : p + 1);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // next one
      }
    }
    throw new IOException("no free port in " + FIRST + "-" + LAST);
  }
}
