package org.hamal.cluster.processors;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import com.hazelcast.partition.PartitionAware;
import java.util.Objects;

/**
 * The key of an open report in the cluster map. Its partition is decided by the district alone,
 * so one district's reports share a partition and a district's screen is one partition query.
 * (A {@code PartitionAware} key rather than the {@code id@district} string convention: Hazelcast
 * 5.3's async map operations ignore a map's partitioning strategy, and stored entries become
 * unfindable.) A key's form never changes: a key written in another form is another key.
 */
public final class OpenReportKey implements PartitionAware<String> {

  private final String id;
  private final String district;

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

  static final class Serializer implements CompactSerializer<OpenReportKey> {
    @Override
    public OpenReportKey read(CompactReader in) {
      return new OpenReportKey(in.readString("id"), in.readString("district"));
    }

    @Override
    public void write(CompactWriter out, OpenReportKey key) {
      out.writeString("id", key.id);
      out.writeString("district", key.district);
    }

    @Override
    public String getTypeName() {
      return "hamal.OpenReportKey";
    }

    @Override
    public Class<OpenReportKey> getCompactClass() {
      return OpenReportKey.class;
    }
  }
}
