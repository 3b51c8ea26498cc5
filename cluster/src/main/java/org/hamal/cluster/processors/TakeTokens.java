package org.hamal.cluster.processors;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes tokens from one caller's cluster-wide budget, a token bucket kept as a single number (the
 * generic cell rate algorithm: the time, in microseconds, at which the bucket would be full
 * again). Runs on the entry's partition, so two nodes taking at once are applied one after the
 * other; the owner's clock is the only one used. Grants between {@code least} and {@code want}
 * tokens, as many as the budget holds; returns that count, or, when fewer than {@code least} are
 * there, minus the milliseconds until they will be. The entry expires once the bucket is full.
 */
public final class TakeTokens implements EntryProcessor<String, Long, Long> {

  private final long intervalMicros;
  private final int burst;
  private final int want;
  private final int least;

  /**
   * @param intervalMicros one token every this many microseconds (the rate)
   * @param burst the bucket's size
   */
  public TakeTokens(long intervalMicros, int burst, int want, int least) {
    this.intervalMicros = intervalMicros;
    this.burst = burst;
    this.want = want;
    this.least = least;
  }

  @Override
  public Long process(Map.Entry<String, Long> entry) {
    long now = System.currentTimeMillis() * 1000;
    long full = entry.getValue() == null ? now : Math.max(entry.getValue(), now);
    long limit = now + burst * intervalMicros;
    long available = (limit - full) / intervalMicros;
    if (available < least) {
      long waitMicros = full + least * intervalMicros - limit;
      return -Math.max(1, (waitMicros + 999) / 1000);
    }
    long granted = Math.min(want, available);
    long after = full + granted * intervalMicros;
    // Kept a second beyond full, then forgotten: a full bucket is the same as none.
    ((ExtendedMapEntry<String, Long>) entry).setValue(after, (after - now) / 1000 + 1000, TimeUnit.MILLISECONDS);
    return granted;
  }

  static final class Serializer implements CompactSerializer<TakeTokens> {
    @Override
    public TakeTokens read(CompactReader in) {
      return new TakeTokens(in.readInt64("intervalMicros"), in.readInt32("burst"), in.readInt32("want"), in.readInt32("least"));
    }

    @Override
    public void write(CompactWriter out, TakeTokens p) {
      out.writeInt64("intervalMicros", p.intervalMicros);
      out.writeInt32("burst", p.burst);
      out.writeInt32("want", p.want);
      out.writeInt32("least", p.least);
    }

    @Override
    public String getTypeName() {
      return "hamal.TakeTokens";
    }

    @Override
    public Class<TakeTokens> getCompactClass() {
      return TakeTokens.class;
    }
  }
}
