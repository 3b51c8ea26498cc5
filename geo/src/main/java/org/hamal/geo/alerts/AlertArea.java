package org.hamal.geo.alerts;

import java.util.Objects;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * One Home Front Command alert area: where a siren sounds together, and how long people in it
 * have to reach a shelter.
 *
 * @param id stable slug, unique in its file
 * @param nameHe the name as the national alert system spells it in Hebrew, or null
 * @param nameEn the English name, or null (one of the two is always there)
 * @param shelterSeconds time to reach a shelter
 * @param geometry Polygon or MultiPolygon, WGS84
 */
public record AlertArea(
    String id, String nameHe, String nameEn, int shelterSeconds, Geometry geometry, PreparedGeometry prepared) {

  public AlertArea {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(geometry, "geometry");
  }

  public AlertArea(String id, String nameHe, String nameEn, int shelterSeconds, Geometry geometry) {
    this(id, nameHe, nameEn, shelterSeconds, geometry, PreparedGeometryFactory.prepare(geometry));
  }

  /** Whether the area holds {@code point} (its boundary included). */
  public boolean covers(Geometry point) {
    return prepared.covers(point);
  }

  /** Whether the area and {@code polygonal} share more than a boundary (a district it overlaps). */
  public boolean overlaps(Geometry polygonal) {
    return prepared.intersects(polygonal) && geometry.intersection(polygonal).getArea() > 0;
  }
}
