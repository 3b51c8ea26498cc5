package org.hamal.cluster.processors;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import com.hazelcast.nio.serialization.FieldKind;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts or removes open reports of one partition, but never lets an older version overwrite a
 * newer one: two nodes announcing changes of one report may reach the map in either order. One
 * processor carries every report of a district that one announcement changes, so a group of new
 * reports costs one operation per district, not one per report.
 */
public final class OpenReportUpdate
    implements EntryProcessor<OpenReportKey, OpenReport, Boolean> {

  private final Map<String, OpenReport> byId;
  private final boolean open;

  /**
   * @param byId the reports' new versions by id
   * @param open whether they are open (put) or no longer (removed)
   */
  public OpenReportUpdate(Map<String, OpenReport> byId, boolean open) {
    this.byId = byId;
    this.open = open;
  }

  /** @return true when the entry now reflects this version */
  @Override
  public Boolean process(Map.Entry<OpenReportKey, OpenReport> entry) {
    OpenReport next = byId.get(entry.getKey().id());
    if (next == null) {
      return false;
    }
    OpenReport current = entry.getValue();
    if (current != null && current.version() > next.version()) {
      return false;
    }
    entry.setValue(open ? next : null);
    return true;
  }

  Map<String, OpenReport> byId() {
    return byId;
  }

  boolean open() {
    return open;
  }

  /**
   * The reports travel as parallel arrays. {@code ids}, {@code json} and {@code versions} are the
   * first form's; the queried fields were added with the map's Compact values, and a form without
   * them (a member of the build before) has its reports' fields read from their JSON.
   */
  static final class Serializer implements CompactSerializer<OpenReportUpdate> {
    @Override
    public OpenReportUpdate read(CompactReader in) {
      String[] ids = in.readArrayOfString("ids");
      String[] json = in.readArrayOfString("json");
      int[] versions = in.readArrayOfInt32("versions");
      Map<String, OpenReport> byId = new HashMap<>(ids.length * 2);
      if (in.getFieldKind("priorities") != FieldKind.ARRAY_OF_INT32) {
        for (int i = 0; i < ids.length; i++) {
          byId.put(ids[i], OpenReport.of(json[i]));
        }
        return new OpenReportUpdate(byId, in.readBoolean("open"));
      }
      String[] districts = in.readArrayOfString("districts");
      String[] categories = in.readArrayOfString("categories");
      String[] statuses = in.readArrayOfString("statuses");
      int[] priorities = in.readArrayOfInt32("priorities");
      boolean[] deferred = in.readArrayOfBoolean("deferred");
      double[] lons = in.readArrayOfFloat64("lons");
      double[] lats = in.readArrayOfFloat64("lats");
      long[] receivedAt = in.readArrayOfInt64("receivedAt");
      String[] incidents = in.readArrayOfString("incidents");
      String[] alertIds = in.readArrayOfString("alertIds");
      for (int i = 0; i < ids.length; i++) {
        byId.put(ids[i], new OpenReport(ids[i], json[i], versions[i], districts[i], categories[i], statuses[i],
            priorities[i], deferred[i], lons[i], lats[i], receivedAt[i], incidents[i], alertIds[i]));
      }
      return new OpenReportUpdate(byId, in.readBoolean("open"));
    }

    @Override
    public void write(CompactWriter out, OpenReportUpdate update) {
      int n = update.byId.size();
      String[] ids = new String[n];
      String[] json = new String[n];
      int[] versions = new int[n];
      String[] districts = new String[n];
      String[] categories = new String[n];
      String[] statuses = new String[n];
      int[] priorities = new int[n];
      boolean[] deferred = new boolean[n];
      double[] lons = new double[n];
      double[] lats = new double[n];
      long[] receivedAt = new long[n];
      String[] incidents = new String[n];
      String[] alertIds = new String[n];
      int i = 0;
      for (Map.Entry<String, OpenReport> e : update.byId.entrySet()) {
        OpenReport r = e.getValue();
        ids[i] = e.getKey();
        json[i] = r.json();
        versions[i] = r.version();
        districts[i] = r.district();
        categories[i] = r.category();
        statuses[i] = r.status();
        priorities[i] = r.priority();
        deferred[i] = r.deferred();
        lons[i] = r.lon();
        lats[i] = r.lat();
        receivedAt[i] = r.receivedAt();
        incidents[i] = r.incident();
        alertIds[i] = r.alertId();
        i++;
      }
      out.writeBoolean("open", update.open);
      out.writeArrayOfString("ids", ids);
      out.writeArrayOfString("json", json);
      out.writeArrayOfInt32("versions", versions);
      out.writeArrayOfString("districts", districts);
      out.writeArrayOfString("categories", categories);
      out.writeArrayOfString("statuses", statuses);
      out.writeArrayOfInt32("priorities", priorities);
      out.writeArrayOfBoolean("deferred", deferred);
      out.writeArrayOfFloat64("lons", lons);
      out.writeArrayOfFloat64("lats", lats);
      out.writeArrayOfInt64("receivedAt", receivedAt);
      out.writeArrayOfString("incidents", incidents);
      out.writeArrayOfString("alertIds", alertIds);
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
