package org.hamal.geo;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Envelope;
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
 * District lookup: the grid index against the plain JTS reference, in the same run, on the
 * bundled Ashkelon layer and on the national municipalities layer (read from {@code
 * ../shared/data/bench/}, or {@code -Dhamal.geo.municipalities=<file>}; a generated layer of
 * 500 polygons when it is absent). The points are drawn once, uniformly over the layer's
 * envelope widened by 2%, so they mix covered, snapped and outside points (the mix is printed at
 * setup); or only the covered ones among them, the common case of a report inside the city.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GeoLookupBenchmark {

  private static final int POINTS = 1 << 16;
  private static final long SEED = 42;

  @Param({"ashkelon", "municipalities"})
  public String layer;

  @Param({"grid", "strtree"})
  public String index;

  /** {@code envelope}: the mix over the envelope; {@code covered}: only points some district covers. */
  @Param({"envelope", "covered"})
  public String points;

  private DistrictLocator locator;
  private final double[] lons = new double[POINTS];
  private final double[] lats = new double[POINTS];
  private int next;

  @Setup
  public void setUp() throws Exception {
    List<District> districts = districts(layer);
    locator =
        index.equals("grid")
            ? new GridLocator(districts, LayerOptions.DEFAULT_SNAP_METERS)
            : new StrTreeLocator(districts, LayerOptions.DEFAULT_SNAP_METERS);
    Envelope env = new Envelope();
    districts.forEach(d -> env.expandToInclude(d.geometry().getEnvelopeInternal()));
    env.expandBy(0.02 * env.getWidth(), 0.02 * env.getHeight());
    SplittableRandom random = new SplittableRandom(SEED);
    int covered = 0;
    int snapped = 0;
    for (int i = 0; i < POINTS; ) {
      lons[i] = env.getMinX() + random.nextDouble() * env.getWidth();
      lats[i] = env.getMinY() + random.nextDouble() * env.getHeight();
      Location l = locator.locate(lons[i], lats[i]);
      boolean in = l.found() && !l.snapped();
      if (in || points.equals("envelope")) {
        covered += in ? 1 : 0;
        snapped += l.snapped() ? 1 : 0;
        i++;
      }
    }
    System.out.printf(
        "%n%s: %d districts, points %.1f%% covered, %.1f%% snapped, %.1f%% outside%s%n",
        layer,
        districts.size(),
        100.0 * covered / POINTS,
        100.0 * snapped / POINTS,
        100.0 * (POINTS - covered - snapped) / POINTS,
        locator instanceof GridLocator g ? "; grid " + g.describe() : "");
  }

  static List<District> districts(String layer) throws Exception {
    if (layer.equals("ashkelon")) {
      return new LayerLoader(LayerOptions.defaults()).loadBundled().districts();
    }
    Optional<java.nio.file.Path> file = SampleLayers.municipalitiesFile();
    if (file.isPresent()) {
      return SampleLayers.readUnvalidated(file.get());
    }
    System.out.println("municipalities file absent: using a generated layer of 500 polygons");
    return SampleLayers.jitteredGrid(25, 20, SEED);
  }

  @Benchmark
  public Location locate() {
    int i = next++ & (POINTS - 1);
    return locator.locate(lons[i], lats[i]);
  }
}
