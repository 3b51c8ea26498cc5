package org.hamal.cluster;

import com.hazelcast.partition.PartitionAware;
import java.io.Serializable;

/**
 * The key of an open report in the cluster map. Its partition is decided by the district alone,
 * so one district's reports share a partition and a district's screen is one partition query.
 * (A {@code PartitionAware} key rather than the {@code id@district} string convention: Hazelcast
 * 5.3's async map operations ignore a map's partitioning strategy, and stored entries become
 * unfindable.)
 */
public record OpenReportKey(String id, String district)
    implements PartitionAware<String>, Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public String getPartitionKey() {
    return district;
  }
}
