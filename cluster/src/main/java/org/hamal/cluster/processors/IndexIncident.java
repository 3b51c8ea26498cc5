package org.hamal.cluster.processors;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Registers an incident in a grid cell of its category (the spatial index incidents are found
 * by), dropping incidents the window has left behind.
 */
public final class IndexIncident implements EntryProcessor<String, String, Void> {

  private final String id;
  private final long at;
  private final long windowMillis;

  public IndexIncident(String id, long at, long windowMillis) {
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

  static final class Serializer implements CompactSerializer<IndexIncident> {
    @Override
    public IndexIncident read(CompactReader in) {
      return new IndexIncident(in.readString("id"), in.readInt64("at"), in.readInt64("windowMillis"));
    }

    @Override
    public void write(CompactWriter out, IndexIncident p) {
      out.writeString("id", p.id);
      out.writeInt64("at", p.at);
      out.writeInt64("windowMillis", p.windowMillis);
    }

    @Override
    public String getTypeName() {
      return "hamal.IndexIncident";
    }

    @Override
    public Class<IndexIncident> getCompactClass() {
      return IndexIncident.class;
    }
  }
}
