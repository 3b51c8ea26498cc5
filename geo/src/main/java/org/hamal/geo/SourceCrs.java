package org.hamal.geo;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * The coordinate system a layer file is written in, and the conversion of its coordinates to
 * WGS84 lon/lat. Only WGS84 and the Israeli TM Grid are accepted: those are what municipal GIS
 * departments export, and a projection nobody has checked against a known point is worse than a
 * clear rejection.
 */
final class SourceCrs {

  static final String WGS84 = "EPSG:4326";
  static final String ISRAELI_TM_GRID = "EPSG:2039";

  /** {@code EPSG:2039}, {@code urn:ogc:def:crs:EPSG::2039}, {@code urn:ogc:def:crs:EPSG:6.6:2039}. */
  private static final Pattern EPSG =
      Pattern.compile("(?:EPSG:|URN:OGC:DEF:CRS:EPSG:[^:]*:)(\\d+)");

  private SourceCrs() {}

  /**
   * The canonical {@code EPSG:n} name of a CRS name as written in options or in a file, or
   * {@code null} when it is not one we read.
   */
  static String canonical(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    if (n.equals("URN:OGC:DEF:CRS:OGC:1.3:CRS84") || n.equals("CRS84")) {
      return WGS84;
    }
    Matcher m = EPSG.matcher(n);
    if (m.matches()) {
      String code = "EPSG:" + Integer.parseInt(m.group(1));
      return code.equals(WGS84) || code.equals(ISRAELI_TM_GRID) ? code : null;
    }
    return null;
  }

  /**
   * The name in a legacy GeoJSON {@code crs} member ({@code {"type":"name","properties":
   * {"name":...}}}), or the member's text when it has another shape, so the problem can quote it.
   */
  static String nameOf(Object crsMember) {
    if (crsMember instanceof Map<?, ?> crs
        && "name".equals(crs.get("type"))
        && crs.get("properties") instanceof Map<?, ?> props
        && props.get("name") instanceof String name) {
      return name;
    }
    return String.valueOf(crsMember);
  }

  /**
   * A filter converting coordinates in {@code canonicalName} to WGS84 lon/lat, or null for WGS84
   * itself. Make one per load: Proj4J transforms keep scratch state and are not thread-safe.
   */
  static CoordinateSequenceFilter toWgs84(String canonicalName) {
    if (WGS84.equals(canonicalName)) {
      return null;
    }
    // proj4j-epsg's definition carries the Israel 1993 -> WGS84 shift (towgs84=-48,55,52).
    return between(canonicalName, WGS84);
  }

  /** A filter converting coordinates between two named systems; one per thread. */
  static CoordinateSequenceFilter between(String from, String to) {
    CRSFactory crs = new CRSFactory();
    return new Transforming(
        new CoordinateTransformFactory()
            .createTransform(crs.createFromName(from), crs.createFromName(to)));
  }

  private static final class Transforming implements CoordinateSequenceFilter {
    private final CoordinateTransform transform;
    private final ProjCoordinate in = new ProjCoordinate();
    private final ProjCoordinate out = new ProjCoordinate();

    Transforming(CoordinateTransform transform) {
      this.transform = transform;
    }

    @Override
    public void filter(CoordinateSequence seq, int i) {
      in.x = seq.getX(i);
      in.y = seq.getY(i);
      transform.transform(in, out);
      seq.setOrdinate(i, CoordinateSequence.X, out.x);
      seq.setOrdinate(i, CoordinateSequence.Y, out.y);
    }

    @Override
    public boolean isDone() {
      return false;
    }

    @Override
    public boolean isGeometryChanged() {
      return true;
    }
  }
}
