package org.hamal.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;
import org.hamal.geo.Geodesy;

/**
 * Adds reports to an incident on the incident's partition, atomically, each in turn if it still
 * may join: open, close enough to the centre as it then is, recent enough. One operation carries
 * every report one event-loop task joins to the incident: in a barrage that is most of a batch,
 * and each operation decodes and encodes the incident once. Returns the incident as it now is
 * and which reports joined, or null when the incident is gone.
 */
final class JoinIncident implements EntryProcessor<String, String, JoinIncident.Joined>, ClusterSerialization.Identified {

  private double[] lon;
  private double[] lat;
  private int[] priority;
  private String[] district;
  private long[] at;
  private double radiusMeters;
  private long windowMillis;

  /** For deserialization only. */
  JoinIncident() {}

  /** The reports' positions, priorities, districts and times, index by index. */
  JoinIncident(double[] lon, double[] lat, int[] priority, String[] district, long[] at, double radiusMeters, long windowMillis) {
    this.lon = lon;
    this.lat = lat;
    this.priority = priority;
    this.district = district;
    this.at = at;
    this.radiusMeters = radiusMeters;
    this.windowMillis = windowMillis;
  }

  /** One report. */
  JoinIncident(double lon, double lat, int priority, String district, long at, double radiusMeters, long windowMillis) {
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
  static boolean joinable(JsonObject incident, double lon, double lat, long at, double radiusMeters, long windowMillis) {
    if (!"open".equals(incident.getString("status"))) {
      return false;
    }
    if (at - incident.getLong("lastAt") > windowMillis) {
      return false;
    }
    return meters(incident.getJsonObject("centroid"), lon, lat) <= radiusMeters;
  }

  static double meters(JsonObject centroid, double lon, double lat) {
    double dx = (centroid.getDouble("lon") - lon) * Geodesy.metersPerDegreeLon(lat);
    double dy = (centroid.getDouble("lat") - lat) * Geodesy.metersPerDegreeLat();
    return Math.sqrt(dx * dx + dy * dy);
  }

  @Override
  public int getClassId() {
    return ClusterSerialization.JOIN_INCIDENT;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeDoubleArray(lon);
    out.writeDoubleArray(lat);
    out.writeIntArray(priority);
    out.writeStringArray(district);
    out.writeLongArray(at);
    out.writeDouble(radiusMeters);
    out.writeLong(windowMillis);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    lon = in.readDoubleArray();
    lat = in.readDoubleArray();
    priority = in.readIntArray();
    district = in.readStringArray();
    at = in.readLongArray();
    radiusMeters = in.readDouble();
    windowMillis = in.readLong();
  }

  /**
   * What a join did: the incident after it (null when no report joined) and, index by index,
   * whether each report joined.
   */
  static final class Joined implements ClusterSerialization.Identified {

    private String incident;
    private boolean[] joined;

    /** For deserialization only. */
    Joined() {}

    Joined(String incident, boolean[] joined) {
      this.incident = incident;
      this.joined = joined;
    }

    String incident() {
      return incident;
    }

    boolean joined(int i) {
      return joined[i];
    }

    @Override
    public int getClassId() {
      return ClusterSerialization.JOINED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(incident);
      out.writeBooleanArray(joined);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      incident = in.readString();
      joined = in.readBooleanArray();
    }
  }
}
