package org.hamal.geo.places;

import java.util.Locale;
import java.util.Objects;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * A named place a call-taker can look up: a point (an address, a landmark), a street (a line,
 * perhaps with the house numbers at its ends), or a district (its label point).
 *
 * @param id unique within its file; a district's is the district's id
 * @param nameHe Hebrew name, or null
 * @param nameEn English name, or null (one of the two is always there)
 * @param geometry a Point, or for a street a LineString or MultiLineString, in WGS84
 * @param houses the house numbers along a street, or null when the file gives none
 */
public record Place(
    String id, Kind kind, String nameHe, String nameEn, Geometry geometry, HouseRange houses) {

  /** What a place is; {@link #wire()} is its name on the API. */
  public enum Kind {
    POINT,
    STREET,
    DISTRICT;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The house numbers at the two ends of a street: {@code from} where its line starts, {@code to}
   * where it ends (either may be the larger).
   */
  public record HouseRange(int from, int to) {

    boolean contains(int number) {
      return number >= Math.min(from, to) && number <= Math.max(from, to);
    }

    /** How far along the line the number lies, 0 at its start and 1 at its end. */
    double fraction(int number) {
      return from == to ? 0.5 : (number - from) / (double) (to - from);
    }
  }

  /** Where a suggestion puts the place; {@code interpolated} when a house number placed it. */
  public record Position(double lon, double lat, boolean interpolated) {}

  public Place {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(geometry, "geometry");
  }

  /**
   * The place's position: a point's own; on a street, the house number interpolated along its
   * line when the file gives the street's range and the number is in it, else the middle of the
   * line.
   */
  public Position position(Integer houseNumber) {
    if (geometry instanceof Point p) {
      return new Position(p.getX(), p.getY(), false);
    }
    boolean interpolated = houseNumber != null && houses != null && houses.contains(houseNumber);
    return along(interpolated ? houses.fraction(houseNumber) : 0.5, interpolated);
  }

  /**
   * The point at {@code fraction} of the line's length, measured in metres: a degree of longitude
   * is shorter than one of latitude, so lengths in degrees would misplace houses on a street
   * that turns.
   */
  private Position along(double fraction, boolean interpolated) {
    Coordinate first = geometry.getCoordinate();
    double scale = Math.cos(Math.toRadians(first.y));
    Geometry metric = AffineTransformation.scaleInstance(scale, 1).transform(geometry);
    LengthIndexedLine line = new LengthIndexedLine(metric);
    Coordinate c = line.extractPoint(line.getEndIndex() * fraction);
    return new Position(c.x / scale, c.y, interpolated);
  }
}
