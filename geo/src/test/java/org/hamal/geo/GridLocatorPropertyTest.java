package org.hamal.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * The grid index against the plain JTS reference: the same district, snapped flag and distance
 * for random points over each layer (and a margin around it, for snapping and outside), and for
 * every vertex and edge midpoint, where the border rule decides. Reproduce a failure with
 * {@code -Dhamal.geo.seed=<seed from the message>}.
 */
class GridLocatorPropertyTest {

  private static final long SEED = Long.getLong("hamal.geo.seed", 20261126L);
  private static final double DISTANCE_TOLERANCE_METERS = 1e-6;
  private static final int MAX_REPORTED = 20;

  @Test
  void agreesWithTheReferenceOnTheBundledLayer() throws Exception {
    Layer layer = new LayerLoader(LayerOptions.defaults()).loadBundled();
    assertAgree(
        "ashkelon", layer.districts(), LayerOptions.DEFAULT_SNAP_METERS, 1_000_000, 0.05, true);
  }

  @Test
  void overlapSliversGoToTheFirstDistrictInLayerOrderAndGapsSnap() throws Exception {
    Layer layer = new LayerLoader(LayerOptions.defaults()).loadBundled();
    List<District> ds = layer.districts();
    DistrictLocator reference = new StrTreeLocator(ds, LayerOptions.DEFAULT_SNAP_METERS);
    DistrictLocator grid = new GridLocator(ds, LayerOptions.DEFAULT_SNAP_METERS);
    int slivers = 0;
    for (int i = 0; i < ds.size(); i++) {
      for (int j = i + 1; j < ds.size(); j++) {
        Geometry common = ds.get(i).geometry().intersection(ds.get(j).geometry());
        if (common.getArea() > 0) {
          Point p = common.getInteriorPoint();
          assertThat(grid.locate(p.getX(), p.getY()))
              .as("sliver of %s and %s", ds.get(i).id(), ds.get(j).id())
              .isEqualTo(reference.locate(p.getX(), p.getY()))
              .isEqualTo(Location.inside(ds.get(i)));
          slivers++;
        }
      }
    }
    assertThat(slivers).as("the bundled layer's two overlap slivers").isEqualTo(2);
    // The gaps: holes of the union (the loader's messages round their place to 6 decimals,
    // which can land on a neighbour in a hole this thin).
    Polygon union =
        (Polygon) OverlayNGRobust.union(ds.stream().map(District::geometry).toList());
    for (int h = 0; h < union.getNumInteriorRing(); h++) {
      Point p = union.getFactory().createPolygon(union.getInteriorRingN(h)).getInteriorPoint();
      Location got = grid.locate(p.getX(), p.getY());
      assertThat(got).as("gap %s", p).isEqualTo(reference.locate(p.getX(), p.getY()));
      assertThat(got.snapped()).as("gap %s", p).isTrue();
    }
    assertThat(union.getNumInteriorRing()).isEqualTo(2);
  }

  @Test
  void agreesWithTheReferenceOnAGeneratedLayerWithSharedBorders() {
    List<District> districts = SampleLayers.jitteredGrid(12, 10, SEED);
    assertAgree("jittered grid", districts, 300, 200_000, 0.05, true);
    // Without snapping, uncovered points are OUTSIDE whatever their distance.
    assertAgree("jittered grid, no snapping", districts, 0, 50_000, 0.05, true);
  }

  @Test
  void agreesWithTheReferenceOnTheMunicipalitiesLayer() throws Exception {
    Optional<Path> file = SampleLayers.municipalitiesFile();
    Assumptions.assumeTrue(
        file.isPresent(),
        "skipped: "
            + SampleLayers.MUNICIPALITIES_RELATIVE
            + " not found above the working directory (set -D"
            + SampleLayers.MUNICIPALITIES_PROPERTY
            + "=<file> to point at it)");
    List<District> districts = SampleLayers.readUnvalidated(file.get());
    assertThat(districts).hasSize(497);
    // Vertices are left out here: 382k of them would double the run for little news.
    assertAgree("municipalities", districts, LayerOptions.DEFAULT_SNAP_METERS, 200_000, 0.01, false);
  }

  private static void assertAgree(
      String name,
      List<District> districts,
      double snapMeters,
      int randomPoints,
      double margin,
      boolean vertices) {
    DistrictLocator reference = new StrTreeLocator(districts, snapMeters);
    DistrictLocator grid = new GridLocator(districts, snapMeters);
    Envelope env = new Envelope();
    districts.forEach(d -> env.expandToInclude(d.geometry().getEnvelopeInternal()));
    env.expandBy(margin * env.getWidth(), margin * env.getHeight());

    List<String> mismatches = new ArrayList<>();
    int[] kinds = new int[3];
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < randomPoints; i++) {
      double lon = env.getMinX() + random.nextDouble() * env.getWidth();
      double lat = env.getMinY() + random.nextDouble() * env.getHeight();
      compare(reference, grid, lon, lat, "random #" + i, mismatches, kinds);
    }
    if (vertices) {
      for (District d : districts) {
        Coordinate[] cs = d.geometry().getCoordinates();
        for (int i = 0; i < cs.length; i++) {
          compare(reference, grid, cs[i].x, cs[i].y, d.id() + " vertex", mismatches, kinds);
          if (i > 0) {
            double mx = (cs[i - 1].x + cs[i].x) / 2;
            double my = (cs[i - 1].y + cs[i].y) / 2;
            compare(reference, grid, mx, my, d.id() + " midpoint", mismatches, kinds);
          }
        }
      }
    }
    assertThat(mismatches)
        .as("%s: grid vs reference, seed %d (-Dhamal.geo.seed=%d), first %d mismatches",
            name, SEED, SEED, MAX_REPORTED)
        .isEmpty();
    // The points must have exercised every kind of answer, or the comparison proves little.
    assertThat(kinds[0]).as("%s: covered points", name).isPositive();
    assertThat(kinds[1]).as("%s: snapped points", name).isEqualTo(snapMeters > 0 ? kinds[1] : 0);
    assertThat(kinds[2]).as("%s: outside points", name).isPositive();
    if (snapMeters > 0) {
      assertThat(kinds[1]).as("%s: snapped points", name).isPositive();
    }
  }

  private static void compare(
      DistrictLocator reference,
      DistrictLocator grid,
      double lon,
      double lat,
      String what,
      List<String> mismatches,
      int[] kinds) {
    Location want = reference.locate(lon, lat);
    Location got = grid.locate(lon, lat);
    kinds[!want.found() ? 2 : want.snapped() ? 1 : 0]++;
    boolean same =
        want.district() == got.district()
            && want.snapped() == got.snapped()
            && (Double.isNaN(want.distanceMeters())
                ? Double.isNaN(got.distanceMeters())
                : Math.abs(want.distanceMeters() - got.distanceMeters())
                    <= DISTANCE_TOLERANCE_METERS);
    if (!same && mismatches.size() < MAX_REPORTED) {
      mismatches.add(
          what + " (" + lon + ", " + lat + "): reference " + brief(want) + ", grid " + brief(got));
    }
  }

  private static String brief(Location l) {
    return l.found()
        ? l.district().id() + (l.snapped() ? " snapped " + l.distanceMeters() + " m" : "")
        : "OUTSIDE";
  }
}
