package org.hamal.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes started together on one data directory agree on one secret. */
class SecretsTest {

  private static final int NODES = 6;
  private static final int ROUNDS = 40;

  @TempDir Path data;

  @Test
  void nodesStartingTogetherOnOneDirectoryAllGetTheOneWholeSecret() throws Exception {
    ExecutorService nodes = Executors.newFixedThreadPool(NODES);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        Path dir = data.resolve("round-" + round);
        CyclicBarrier together = new CyclicBarrier(NODES);
        List<Future<Secrets.Stored>> started = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
          Callable<Secrets.Stored> start = () -> {
            together.await(10, TimeUnit.SECONDS);
            return Secrets.configuredOrStored(null, dir, Secrets.JWT_SECRET_FILE);
          };
          started.add(nodes.submit(start));
        }
        List<Secrets.Stored> got = new ArrayList<>();
        for (Future<Secrets.Stored> f : started) {
          got.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(got).extracting(Secrets.Stored::value).allMatch(v -> v.length() >= 40).containsOnly(got.get(0).value());
        assertThat(got).filteredOn(Secrets.Stored::created).hasSize(1);
        try (var files = Files.list(dir)) {
          assertThat(files.map(p -> p.getFileName().toString())).containsExactly(Secrets.JWT_SECRET_FILE);
        }
      }
    } finally {
      nodes.shutdownNow();
    }
  }
}
