package org.hamal.geo;

import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * One polygon of a district layer: a neighborhood service district or a zone (industrial zone,
 * port...) that the central operations room handles itself.
 *
 * @param id stable slug, unique within the layer; reports store it
 * @param nameHe Hebrew name as residents and the ops room read it
 * @param nameEn English name
 * @param kind {@value #SERVICE_DISTRICT} or a zone kind such as {@code industrial-zone}
 * @param serviceCenter the district's service center, or {@code null} when it has none
 * @param geometry Polygon or MultiPolygon in WGS84 (x = longitude, y = latitude)
 */
public record District(
    String id,
    String nameHe,
    String nameEn,
    String kind,
    ServiceCenter serviceCenter,
    Geometry geometry) {

  public static final String SERVICE_DISTRICT = "service-district";

  public District {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(geometry, "geometry");
  }

  public boolean isServiceDistrict() {
    return SERVICE_DISTRICT.equals(kind);
  }

  /** Contact details of a neighborhood service center; any field may be null. */
  public record ServiceCenter(String address, String phone) {}
}
