package org.hamal.cluster;

import java.util.stream.IntStream;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Cluster options for tests: a random cluster name and port range each, on loopback. */
public final class TestClusters {

  private TestClusters() {}

  /**
   * Each cluster of a test JVM gets the next range of ten ports, never one an earlier test's
   * member (perhaps still shutting down) holds: a joiner that reaches a member of another cluster
   * mid-shutdown can wait minutes for an answer. The first range is random, for separate JVMs.
   */
  private static final java.util.concurrent.atomic.AtomicInteger NEXT =
      new java.util.concurrent.atomic.AtomicInteger(ThreadLocalRandom.current().nextInt(2_000, 3_000) * 10);

  public static ClusterOptions random() {
    int base = NEXT.getAndAdd(10);
    if (base > 50_000) {
      NEXT.set(20_000);
      base = NEXT.getAndAdd(10);
    }
    return new ClusterOptions(
        "test-" + UUID.randomUUID(),
        "127.0.0.1",
        null,
        base,
        10,
        IntStream.range(base, base + 10).mapToObj(p -> "127.0.0.1:" + p).toList(),
        1,
        10_000);
  }
}
