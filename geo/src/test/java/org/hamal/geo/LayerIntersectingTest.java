package org.hamal.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

class LayerIntersectingTest {

  private final Layer layer = bundled();

  @Test
  void boxAroundTheWholeLayerHasEveryDistrictInLayerOrder() {
    assertThat(layer.intersecting(layer.bounds())).containsExactlyElementsOf(layer.districts());
  }

  @Test
  void farBoxHasNone() {
    assertThat(layer.districtsIn(34.70, 32.00, 34.80, 32.10)).isEmpty();
    assertThat(layer.intersecting(new Envelope())).isEmpty();
  }

  @Test
  void tinyBoxInsideADistrictHasOnlyThatDistrict() {
    District afridar = layer.district("afridar").orElseThrow();
    Point p = afridar.geometry().getInteriorPoint();
    assertThat(layer.districtsIn(p.getX(), p.getY(), p.getX() + 1e-5, p.getY() + 1e-5))
        .containsExactly(afridar);
  }

  @Test
  void agreesWithExactIntersectionForRandomBoxesAndIsStricterThanEnvelopes() {
    GeometryFactory factory = new GeometryFactory();
    Envelope bounds = layer.bounds();
    SplittableRandom random = new SplittableRandom(7);
    int envelopeOnly = 0;
    for (int i = 0; i < 2_000; i++) {
      double w = random.nextDouble() * bounds.getWidth() / 8;
      double h = random.nextDouble() * bounds.getHeight() / 8;
      double x = bounds.getMinX() - w + random.nextDouble() * (bounds.getWidth() + w);
      double y = bounds.getMinY() - h + random.nextDouble() * (bounds.getHeight() + h);
      Envelope box = new Envelope(x, x + w, y, y + h);
      Geometry boxGeometry = factory.toGeometry(box);
      List<District> expected =
          layer.districts().stream().filter(d -> d.geometry().intersects(boxGeometry)).toList();
      assertThat(layer.intersecting(box)).as("box %s", box).containsExactlyElementsOf(expected);
      envelopeOnly +=
          layer.districts().stream()
                  .filter(d -> d.geometry().getEnvelopeInternal().intersects(box))
                  .count()
              - expected.size();
    }
    // Boxes that met an envelope but not its polygon were answered exactly, not by envelope.
    assertThat(envelopeOnly).isPositive();
  }

  private static Layer bundled() {
    try {
      return new LayerLoader(LayerOptions.defaults()).loadBundled();
    } catch (LayerException e) {
      throw new AssertionError(e);
    }
  }
}
