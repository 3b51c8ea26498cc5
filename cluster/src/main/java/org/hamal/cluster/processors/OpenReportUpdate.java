package org.hamal.cluster.processors;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts or removes open reports of one partition, but never lets an older version overwrite a
 * newer one: two nodes announcing changes of one report may reach the map in either order. One
 * processor carries every report of a district that one announcement changes, so a group of new
 * reports costs one operation per district, not one per report.
 */
public final class OpenReportUpdate
    implements EntryProcessor<OpenReportKey, HazelcastJsonValue, Boolean> {

  /** A report's API JSON and its version. */
  public record Version(String json, int version) {}

  private final Map<String, Version> byId;
  private final boolean open;

  /**
   * @param byId the reports' new versions by id
   * @param open whether they are open (put) or no longer (removed)
   */
  public OpenReportUpdate(Map<String, Version> byId, boolean open) {
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

  Map<String, Version> byId() {
    return byId;
  }

  boolean open() {
    return open;
  }

  static final class Serializer implements CompactSerializer<OpenReportUpdate> {
    @Override
    public OpenReportUpdate read(CompactReader in) {
      String[] ids = in.readArrayOfString("ids");
      String[] json = in.readArrayOfString("json");
      int[] versions = in.readArrayOfInt32("versions");
      Map<String, Version> byId = new HashMap<>(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        byId.put(ids[i], new Version(json[i], versions[i]));
      }
      return new OpenReportUpdate(byId, in.readBoolean("open"));
    }

    @Override
    public void write(CompactWriter out, OpenReportUpdate update) {
      int n = update.byId.size();
      String[] ids = new String[n];
      String[] json = new String[n];
      int[] versions = new int[n];
      int i = 0;
      for (Map.Entry<String, Version> e : update.byId.entrySet()) {
        ids[i] = e.getKey();
        json[i] = e.getValue().json();
        versions[i] = e.getValue().version();
        i++;
      }
      out.writeBoolean("open", update.open);
      out.writeArrayOfString("ids", ids);
      out.writeArrayOfString("json", json);
      out.writeArrayOfInt32("versions", versions);
    }

    @Override
    public String getTypeName() {
      return "hamal.OpenReportUpdate";
    }

    @Override
    public Class<OpenReportUpdate> getCompactClass() {
      return OpenReportUpdate.class;
    }
  }
}
