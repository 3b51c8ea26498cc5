package org.hamal.cluster.processors;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a patroller on duty was last, and a short trail of where it was before (oldest first,
 * the latest position last). The value of the cluster's patrollers map, in Compact form.
 *
 * @param accuracyM the tablet's estimate in metres, or null when it gave none
 */
public record PatrollerPosition(
    String subject, List<String> districts, double lon, double lat, Double accuracyM, Instant at, List<Point> trail) {

  /** One point of a trail. */
  public record Point(double lon, double lat, Instant at) {}

  public PatrollerPosition {
    districts = List.copyOf(districts);
    trail = List.copyOf(trail);
  }

  /** The first position of a patroller coming on duty. */
  public static PatrollerPosition first(
      String subject, List<String> districts, double lon, double lat, Double accuracyM, Instant at) {
    return new PatrollerPosition(subject, districts, lon, lat, accuracyM, at, List.of(new Point(lon, lat, at)));
  }

  /**
   * This patroller at a new position: the trail gains it and keeps at most {@code trailPoints}
   * points no older than {@code trailWindow}.
   */
  public PatrollerPosition movedTo(
      List<String> districts, double lon, double lat, Double accuracyM, Instant at, int trailPoints,
      Duration trailWindow) {
    List<Point> next = new ArrayList<>(recentTrail(at, trailWindow));
    next.add(new Point(lon, lat, at));
    int from = Math.max(0, next.size() - trailPoints);
    return new PatrollerPosition(subject, districts, lon, lat, accuracyM, at, next.subList(from, next.size()));
  }

  /** The trail's points no older than {@code window} before {@code now}. */
  public List<Point> recentTrail(Instant now, Duration window) {
    Instant since = now.minus(window);
    return trail.stream().filter(p -> !p.at().isBefore(since)).toList();
  }

  /** The trail as three parallel arrays: a Compact form has no lists of records of its own. */
  static final class Serializer implements CompactSerializer<PatrollerPosition> {
    @Override
    public PatrollerPosition read(CompactReader in) {
      double[] lons = in.readArrayOfFloat64("trailLon");
      double[] lats = in.readArrayOfFloat64("trailLat");
      long[] ats = in.readArrayOfInt64("trailAt");
      List<Point> trail = new ArrayList<>(lons.length);
      for (int i = 0; i < lons.length; i++) {
        trail.add(new Point(lons[i], lats[i], Instant.ofEpochMilli(ats[i])));
      }
      return new PatrollerPosition(
          in.readString("subject"),
          List.of(in.readArrayOfString("districts")),
          in.readFloat64("lon"),
          in.readFloat64("lat"),
          in.readNullableFloat64("accuracyM"),
          Instant.ofEpochMilli(in.readInt64("at")),
          trail);
    }

    @Override
    public void write(CompactWriter out, PatrollerPosition p) {
      int n = p.trail.size();
      double[] lons = new double[n];
      double[] lats = new double[n];
      long[] ats = new long[n];
      for (int i = 0; i < n; i++) {
        Point t = p.trail.get(i);
        lons[i] = t.lon();
        lats[i] = t.lat();
        ats[i] = t.at().toEpochMilli();
      }
      out.writeString("subject", p.subject);
      out.writeArrayOfString("districts", p.districts.toArray(String[]::new));
      out.writeFloat64("lon", p.lon);
      out.writeFloat64("lat", p.lat);
      out.writeNullableFloat64("accuracyM", p.accuracyM);
      out.writeInt64("at", p.at.toEpochMilli());
      out.writeArrayOfFloat64("trailLon", lons);
      out.writeArrayOfFloat64("trailLat", lats);
      out.writeArrayOfInt64("trailAt", ats);
    }

    @Override
    public String getTypeName() {
      return "hamal.PatrollerPosition";
    }

    @Override
    public Class<PatrollerPosition> getCompactClass() {
      return PatrollerPosition.class;
    }
  }
}
