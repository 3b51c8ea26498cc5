package org.hamal.cluster;

import java.util.stream.IntStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Cluster options for tests: a random cluster name and port range each, on loopback. */
public final class TestClusters {

  private TestClusters() {}

  public static ClusterOptions random() {
    int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
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
