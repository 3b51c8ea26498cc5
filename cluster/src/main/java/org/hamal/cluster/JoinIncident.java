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
 * Adds a report to an incident on the incident's partition, atomically, if it still may join:
 * open, close enough, recent enough. Returns the incident as it now is, or null.
 */
final class JoinIncident implements EntryProcessor<String, String, String>, ClusterSerialization.Identified {

  private double lon;
  private double lat;
  private int priority;
  private String district;
  private long at;
  private double radiusMeters;
  private long windowMillis;

  /** For deserialization only. */
  JoinIncident() {}

  JoinIncident(double lon, double lat, int priority, String district, long at, double radiusMeters, long windowMillis) {
    this.lon = lon;
    this.lat = lat;
    this.priority = priority;
    this.district = district;
    this.at = at;
    this.radiusMeters = radiusMeters;
    this.windowMillis = windowMillis;
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    if (entry.getValue() == null) {
      return null;
    }
    JsonObject incident = new JsonObject(entry.getValue());
    if (!joinable(incident, lon, lat, at, radiusMeters, windowMillis)) {
      return null;
    }
    int count = incident.getInteger("count");
    JsonObject c = incident.getJsonObject("centroid");
    // Running mean of the members' positions.
    c.put("lon", (c.getDouble("lon") * count + lon) / (count + 1));
    c.put("lat", (c.getDouble("lat") * count + lat) / (count + 1));
    incident.put("count", count + 1);
    incident.put("priority", Math.max(incident.getInteger("priority"), priority));
    incident.put("lastAt", Math.max(incident.getLong("lastAt"), at));
    JsonArray districts = incident.getJsonArray("districts");
    if (!districts.contains(district)) {
      districts.add(district);
    }
    incident.put("version", incident.getInteger("version") + 1);
    String json = incident.encode();
    entry.setValue(json);
    return json;
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
    out.writeDouble(lon);
    out.writeDouble(lat);
    out.writeInt(priority);
    out.writeString(district);
    out.writeLong(at);
    out.writeDouble(radiusMeters);
    out.writeLong(windowMillis);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    lon = in.readDouble();
    lat = in.readDouble();
    priority = in.readInt();
    district = in.readString();
    at = in.readLong();
    radiusMeters = in.readDouble();
    windowMillis = in.readLong();
  }
}
