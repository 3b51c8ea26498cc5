package org.hamal.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.util.Map;

/**
 * Puts or removes an open report on its partition, but never lets an older version overwrite a
 * newer one: two nodes announcing changes of one report may reach the map in either order.
 */
final class OpenReportUpdate
    implements EntryProcessor<OpenReportKey, HazelcastJsonValue, Boolean>, Serializable {

  private static final long serialVersionUID = 1L;

  private final String json;
  private final int version;
  private final boolean open;

  OpenReportUpdate(String json, int version, boolean open) {
    this.json = json;
    this.version = version;
    this.open = open;
  }

  /** @return true when the entry now reflects this version */
  @Override
  public Boolean process(Map.Entry<OpenReportKey, HazelcastJsonValue> entry) {
    HazelcastJsonValue current = entry.getValue();
    if (current != null && new JsonObject(current.getValue()).getInteger("version", 0) > version) {
      return false;
    }
    entry.setValue(open ? new HazelcastJsonValue(json) : null);
    return true;
  }
}
