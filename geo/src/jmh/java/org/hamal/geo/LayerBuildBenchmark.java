package org.hamal.geo;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One-off costs of a layer change, each timed once per iteration: building the grid index and
 * the overlap and gap validation (the union of all districts dominates it on large layers).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class LayerBuildBenchmark {

  @Param({"ashkelon", "municipalities"})
  public String layer;

  private List<District> districts;

  @Setup
  public void setUp() throws Exception {
    districts = GeoLookupBenchmark.districts(layer);
  }

  @Benchmark
  public GridLocator buildGrid() {
    return new GridLocator(districts, LayerOptions.DEFAULT_SNAP_METERS);
  }

  @Benchmark
  public List<LayerProblem> validateTopology() {
    return LayerTopology.check(districts, LayerOptions.DEFAULT_OVERLAP_TOLERANCE_SQUARE_METERS);
  }
}
