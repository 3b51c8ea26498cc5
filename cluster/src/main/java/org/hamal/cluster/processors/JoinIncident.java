package org.hamal.cluster.processors;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.hamal.geo.Geodesy;

/**
 * Adds reports to an incident on the incident's partition, atomically, each in turn if it still
 * may join: open, close enough to the centre as it then is, recent enough. One operation carries
 * every report one event-loop task joins to the incident: in a barrage that is most of a batch,
 * and each operation decodes and encodes the incident once. Returns the incident as it now is
 * and which reports joined, or null when the incident is gone.
 */
public final class JoinIncident implements EntryProcessor<String, String, JoinIncident.Joined> {

  private final double[] lon;
  private final double[] lat;
  private final int[] priority;
  private final String[] district;
  private final long[] at;
  private final double radiusMeters;
  private final long windowMillis;

  /** The reports' positions, priorities, districts and times, index by index. */
  public JoinIncident(double[] lon, double[] lat, int[] priority, String[] district, long[] at, double radiusMeters, long windowMillis) {
    this.lon = lon;
    this.lat = lat;
    this.priority = priority;
    this.district = district;
    this.at = at;
    this.radiusMeters = radiusMeters;
    this.windowMillis = windowMillis;
  }

  /** One report. */
  public JoinIncident(double lon, double lat, int priority, String district, long at, double radiusMeters, long windowMillis) {
    this(new double[] {lon}, new double[] {lat}, new int[] {priority}, new String[] {district}, new long[] {at},
        radiusMeters, windowMillis);
  }

  @Override
  public Joined process(Map.Entry<String, String> entry) {
    if (entry.getValue() == null) {
      return null;
    }
    JsonObject incident = new JsonObject(entry.getValue());
    boolean[] joined = new boolean[lon.length];
    boolean any = false;
    for (int i = 0; i < lon.length; i++) {
      if (joinable(incident, lon[i], lat[i], at[i], radiusMeters, windowMillis)) {
        add(incident, i);
        joined[i] = true;
        any = true;
      }
    }
    if (!any) {
      return new Joined(null, joined);
    }
    // One step of the incident however many joined: its version orders the states screens see.
    incident.put("version", incident.getInteger("version") + 1);
    String json = incident.encode();
    entry.setValue(json);
    return new Joined(json, joined);
  }

  private void add(JsonObject incident, int i) {
    int count = incident.getInteger("count");
    JsonObject c = incident.getJsonObject("centroid");
    // Running mean of the members' positions.
    c.put("lon", (c.getDouble("lon") * count + lon[i]) / (count + 1));
    c.put("lat", (c.getDouble("lat") * count + lat[i]) / (count + 1));
    incident.put("count", count + 1);
    incident.put("priority", Math.max(incident.getInteger("priority"), priority[i]));
    incident.put("lastAt", Math.max(incident.getLong("lastAt"), at[i]));
    JsonArray districts = incident.getJsonArray("districts");
    if (!districts.contains(district[i])) {
      districts.add(district[i]);
    }
  }

  /** Whether a report at (lon, lat, at) may join {@code incident}. */
  public static boolean joinable(JsonObject incident, double lon, double lat, long at, double radiusMeters, long windowMillis) {
    if (!"open".equals(incident.getString("status"))) {
      return false;
    }
    if (at - incident.getLong("lastAt") > windowMillis) {
      return false;
    }
    return meters(incident.getJsonObject("centroid"), lon, lat) <= radiusMeters;
  }

  public static double meters(JsonObject centroid, double lon, double lat) {
    double dx = (centroid.getDouble("lon") - lon) * Geodesy.metersPerDegreeLon(lat);
    double dy = (centroid.getDouble("lat") - lat) * Geodesy.metersPerDegreeLat();
    return Math.sqrt(dx * dx + dy * dy);
  }

  static final class Serializer implements CompactSerializer<JoinIncident> {
    @Override
    public JoinIncident read(CompactReader in) {
      return new JoinIncident(
          in.readArrayOfFloat64("lon"),
          in.readArrayOfFloat64("lat"),
          in.readArrayOfInt32("priority"),
          in.readArrayOfString("district"),
          in.readArrayOfInt64("at"),
          in.readFloat64("radiusMeters"),
          in.readInt64("windowMillis"));
    }

    @Override
    public void write(CompactWriter out, JoinIncident p) {
      out.writeArrayOfFloat64("lon", p.lon);
      out.writeArrayOfFloat64("lat", p.lat);
      out.writeArrayOfInt32("priority", p.priority);
      out.writeArrayOfString("district", p.district);
      out.writeArrayOfInt64("at", p.at);
      out.writeFloat64("radiusMeters", p.radiusMeters);
      out.writeInt64("windowMillis", p.windowMillis);
    }

    @Override
    public String getTypeName() {
      return "hamal.JoinIncident";
    }

    @Override
    public Class<JoinIncident> getCompactClass() {
      return JoinIncident.class;
    }
  }

  /**
   * What a join did: the incident after it (null when no report joined) and, index by index,
   * whether each report joined.
   */
  public static final class Joined {

    private final String incident;
    private final boolean[] joined;

    Joined(String incident, boolean[] joined) {
      this.incident = incident;
      this.joined = joined;
    }

    public String incident() {
      return incident;
    }

    public boolean joined(int i) {
      return joined[i];
    }

    static final class Serializer implements CompactSerializer<Joined> {
      @Override
      public Joined read(CompactReader in) {
        return new Joined(in.readString("incident"), in.readArrayOfBoolean("joined"));
      }

      @Override
      public void write(CompactWriter out, Joined j) {
        out.writeString("incident", j.incident);
        out.writeArrayOfBoolean("joined", j.joined);
      }

      @Override
      public String getTypeName() {
        return "hamal.JoinIncident.Joined";
      }

      @Override
      public Class<Joined> getCompactClass() {
        return Joined.class;
      }
    }
  }
}
