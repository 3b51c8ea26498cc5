package org.hamal.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.partition.PartitionAware;
import java.io.IOException;
import java.util.Objects;

/**
 * The key of an open report in the cluster map. Its partition is decided by the district alone,
 * so one district's reports share a partition and a district's screen is one partition query.
 * (A {@code PartitionAware} key rather than the {@code id@district} string convention: Hazelcast
 * 5.3's async map operations ignore a map's partitioning strategy, and stored entries become
 * unfindable.) Not a record: Hazelcast's serialization fills it in after a no-argument
 * constructor.
 */
public final class OpenReportKey implements PartitionAware<String>, ClusterSerialization.Identified {

  private String id;
  private String district;

  /** For deserialization only. */
  OpenReportKey() {}

  public OpenReportKey(String id, String district) {
    this.id = id;
    this.district = district;
  }

  public String id() {
    return id;
  }

  public String district() {
    return district;
  }

  @Override
  public String getPartitionKey() {
    return district;
  }

  @Override
  public int getClassId() {
    return ClusterSerialization.OPEN_REPORT_KEY;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(id);
    out.writeString(district);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    id = in.readString();
    district = in.readString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpenReportKey k && Objects.equals(id, k.id) && Objects.equals(district, k.district);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, district);
  }

  @Override
  public String toString() {
    return "OpenReportKey[id=" + id + ", district=" + district + "]";
  }
}
