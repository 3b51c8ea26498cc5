package org.hamal.geo.places;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an upload of a city-sized place file costs before it is searched: reading and validating
 * 50,000 places ({@link SamplePlaces}), then indexing them. Runs off the event loop on a node.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class PlaceFileLoadBenchmark {

  private byte[] file;

  @Setup
  public void setUp() {
    file = SamplePlaces.city(50_000, 7);
    System.out.printf("%n50,000 places: %.1f MiB%n", file.length / 1048576.0);
  }

  @Benchmark
  public PlaceIndex loadAndIndex() throws Exception {
    return PlaceIndex.of(PlaceFile.load(file, "sample", null).places());
  }
}
