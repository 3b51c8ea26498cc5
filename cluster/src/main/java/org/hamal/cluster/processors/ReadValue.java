package org.hamal.cluster.processors;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Reads an entry's value: with {@code submitToKeys}, the asynchronous multi-key read that IMap
 * lacks, one call for many keys instead of one {@code getAsync} (and one callback) per key.
 */
public final class ReadValue implements EntryProcessor<String, String, String>, ReadOnly {

  @Override
  public String process(Map.Entry<String, String> entry) {
    return entry.getValue();
  }

  @Override
  public EntryProcessor<String, String, String> getBackupProcessor() {
    return null; // reads change nothing to back up
  }

  static final class Serializer implements CompactSerializer<ReadValue> {
    @Override
    public ReadValue read(CompactReader in) {
      return new ReadValue();
    }

    @Override
    public void write(CompactWriter out, ReadValue p) {
      // no fields
    }

    @Override
    public String getTypeName() {
      return "hamal.ReadValue";
    }

    @Override
    public Class<ReadValue> getCompactClass() {
      return ReadValue.class;
    }
  }
}
