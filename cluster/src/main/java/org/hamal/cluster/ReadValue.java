package org.hamal.cluster;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.util.Map;

/**
 * Reads an entry's value: with {@code submitToKeys}, the asynchronous multi-key read that IMap
 * lacks, one call for many keys instead of one {@code getAsync} (and one callback) per key.
 */
final class ReadValue implements EntryProcessor<String, String, String>, ReadOnly, ClusterSerialization.Identified {

  @Override
  public String process(Map.Entry<String, String> entry) {
    return entry.getValue();
  }

  @Override
  public EntryProcessor<String, String, String> getBackupProcessor() {
    return null; // reads change nothing to back up
  }

  @Override
  public int getClassId() {
    return ClusterSerialization.READ_VALUE;
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
