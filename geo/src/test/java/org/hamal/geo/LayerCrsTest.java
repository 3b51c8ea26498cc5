package org.hamal.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/** Layers exported in the Israeli TM Grid (EPSG:2039) load as the same WGS84 layer. */
class LayerCrsTest {

  private static final double DEGREES = 1e-6;

  private final Layer wgs84 = bundled();

  @Test
  void convertsAKnownPointAsPublished() {
    // ITM 200000 E, 656000 N is 31.99702701 N, 34.9986170 E (to about a metre) in the
    // IsraelTransverseMercator library's tests, a Survey of Israel based implementation.
    Geometry point = wgs84Point(200000, 656000);
    assertThat(point.getCoordinate().x).isCloseTo(34.9986170, within(1e-5));
    assertThat(point.getCoordinate().y).isCloseTo(31.99702701, within(1e-5));
  }

  @Test
  void layerWithALegacyUrnCrsMemberEqualsTheWgs84Layer() throws Exception {
    String json = inIsraeliGrid(", \"crs\":{\"type\":\"name\",\"properties\":"
        + "{\"name\":\"urn:ogc:def:crs:EPSG::2039\"}}");
    assertSameLayer(new LayerLoader(LayerOptions.defaults()).load(bytes(json), "itm-urn"));
  }

  @Test
  void layerWithAShortCrsMemberEqualsTheWgs84Layer() throws Exception {
    String json = inIsraeliGrid(", \"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:2039\"}}");
    assertSameLayer(new LayerLoader(LayerOptions.defaults()).load(bytes(json), "itm-short"));
  }

  @Test
  void configuredSourceCrsAppliesToAFileWithoutCrsMember() throws Exception {
    LayerOptions options =
        new LayerOptions(
            LayerOptions.DEFAULT_SNAP_METERS,
            "EPSG:2039",
            LayerOptions.DEFAULT_OVERLAP_TOLERANCE_SQUARE_METERS);
    assertSameLayer(new LayerLoader(options).load(bytes(inIsraeliGrid("")), "itm-configured"));
  }

  @Test
  void unknownCrsIsRejected() {
    String json = inIsraeliGrid(", \"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}}");
    LayerProblem p =
        Rejections.onlyProblem(
            () -> new LayerLoader(LayerOptions.defaults()).load(bytes(json), "x"));

    assertThat(p.code()).isEqualTo("unsupported_crs");
    assertThat(p.message()).contains("EPSG:3857");
  }

  @Test
  void gridCoordinatesWithoutADeclaredCrsAreRejectedNotReadAsDegrees() throws Exception {
    LayerException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            LayerException.class,
            () -> new LayerLoader(LayerOptions.defaults()).load(bytes(inIsraeliGrid("")), "undeclared"));

    assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
      assertThat(p.code()).isEqualTo("coordinates_out_of_range");
      assertThat(p.message()).contains("EPSG:2039");
    });
    assertThat(e.problems()).extracting(LayerProblem::feature).contains("shimshon");
  }

  private void assertSameLayer(Layer itm) {
    assertThat(itm.districts()).extracting(District::id)
        .containsExactlyElementsOf(wgs84.districts().stream().map(District::id).toList());
    for (int i = 0; i < itm.districts().size(); i++) {
      Coordinate[] got = itm.districts().get(i).geometry().getCoordinates();
      Coordinate[] want = wgs84.districts().get(i).geometry().getCoordinates();
      assertThat(got).hasSameSizeAs(want);
      for (int k = 0; k < got.length; k++) {
        assertThat(got[k].x).isCloseTo(want[k].x, within(DEGREES));
        assertThat(got[k].y).isCloseTo(want[k].y, within(DEGREES));
      }
    }
    for (District d : wgs84.districts()) {
      Point p = d.geometry().getInteriorPoint();
      assertThat(itm.locate(p.getX(), p.getY()).district().id()).isEqualTo(d.id());
    }
  }

  /**
   * The bundled layer with every coordinate converted to the Israeli TM Grid (the reverse of what
   * the loader does; the known-point test pins the absolute position).
   */
  private String inIsraeliGrid(String crsMember) {
    CoordinateSequenceFilter toItm = SourceCrs.between("EPSG:4326", "EPSG:2039");
    GeoJsonWriter writer = new GeoJsonWriter(4);
    writer.setEncodeCRS(false);
    List<String> features = new ArrayList<>();
    for (District d : wgs84.districts()) {
      Geometry g = d.geometry().copy();
      g.apply(toItm);
      features.add(
          "{\"type\":\"Feature\",\"properties\":{\"id\":\"" + d.id() + "\"},\"geometry\":"
              + writer.write(g) + "}");
    }
    return "{\"type\":\"FeatureCollection\"" + crsMember + ",\"features\":["
        + String.join(",", features) + "]}";
  }

  private static Geometry wgs84Point(double easting, double northing) {
    Geometry p = new org.locationtech.jts.geom.GeometryFactory()
        .createPoint(new Coordinate(easting, northing));
    p.apply(SourceCrs.toWgs84("EPSG:2039"));
    return p;
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static Layer bundled() {
    try {
      return new LayerLoader(LayerOptions.defaults()).loadBundled();
    } catch (LayerException e) {
      throw new AssertionError(e);
    }
  }
}
