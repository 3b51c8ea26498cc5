package org.hamal.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;

/**
 * Registers an incident in a grid cell of its category (the spatial index incidents are found
 * by), dropping incidents the window has left behind.
 */
final class IndexIncident implements EntryProcessor<String, String, Void>, ClusterSerialization.Identified {

  private String id;
  private long at;
  private long windowMillis;

  /** For deserialization only. */
  IndexIncident() {}

  IndexIncident(String id, long at, long windowMillis) {
    this.id = id;
    this.at = at;
    this.windowMillis = windowMillis;
  }

  @Override
  public Void process(Map.Entry<String, String> entry) {
    JsonArray kept = new JsonArray();
    if (entry.getValue() != null) {
      for (Object o : new JsonArray(entry.getValue())) {
        JsonObject e = (JsonObject) o;
        if (at - e.getLong("at") <= windowMillis && !id.equals(e.getString("id"))) {
          kept.add(e);
        }
      }
    }
    kept.add(new JsonObject().put("id", id).put("at", at));
    entry.setValue(kept.encode());
    return null;
  }

  @Override
  public int getClassId() {
    return ClusterSerialization.INDEX_INCIDENT;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(id);
    out.writeLong(at);
    out.writeLong(windowMillis);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    id = in.readString();
    at = in.readLong();
    windowMillis = in.readLong();
  }
}
