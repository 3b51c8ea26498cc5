package org.hamal.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts or removes open reports of one partition, but never lets an older version overwrite a
 * newer one: two nodes announcing changes of one report may reach the map in either order. One
 * processor carries every report of a district that one announcement changes, so a group of new
 * reports costs one operation per district, not one per report.
 */
final class OpenReportUpdate
    implements EntryProcessor<OpenReportKey, HazelcastJsonValue, Boolean>, ClusterSerialization.Identified {

  /** A report's API JSON and its version. */
  record Version(String json, int version) {}

  private Map<String, Version> byId;
  private boolean open;

  /** For deserialization only. */
  OpenReportUpdate() {}

  /**
   * @param byId the reports' new versions by id
   * @param open whether they are open (put) or no longer (removed)
   */
  OpenReportUpdate(Map<String, Version> byId, boolean open) {
    this.byId = byId;
    this.open = open;
  }

  /** @return true when the entry now reflects this version */
  @Override
  public Boolean process(Map.Entry<OpenReportKey, HazelcastJsonValue> entry) {
    Version next = byId.get(entry.getKey().id());
    if (next == null) {
      return false;
    }
    HazelcastJsonValue current = entry.getValue();
    if (current != null && new JsonObject(current.getValue()).getInteger("version", 0) > next.version()) {
      return false;
    }
    entry.setValue(open ? new HazelcastJsonValue(next.json()) : null);
    return true;
  }

  @Override
  public int getClassId() {
    return ClusterSerialization.OPEN_REPORT_UPDATE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeBoolean(open);
    out.writeInt(byId.size());
    for (Map.Entry<String, Version> e : byId.entrySet()) {
      out.writeString(e.getKey());
      out.writeString(e.getValue().json());
      out.writeInt(e.getValue().version());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    open = in.readBoolean();
    int n = in.readInt();
    byId = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      byId.put(in.readString(), new Version(in.readString(), in.readInt()));
    }
  }
}
