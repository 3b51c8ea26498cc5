package org.hamal.cluster.processors;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A patroller's new position, applied on the partition owner in one step: taken unless the last
 * one is less than {@code minIntervalMillis} old, so two tablets of one subject, on two nodes,
 * cannot both be taken within the interval. Each position taken renews the entry's time to live:
 * a patroller not heard from for {@code forgetAfterMillis} is forgotten.
 *
 * <p>The time {@code at} is the sending node's, carried here, so the backups apply the very same
 * change.
 */
public final class MovePatroller implements EntryProcessor<String, PatrollerPosition, Long> {

  /** The new position, with the districts of the token it came with. */
  public record Fix(List<String> districts, double lon, double lat, Double accuracyM, Instant at) {
    public Fix {
      districts = List.copyOf(districts);
    }
  }

  /** How positions are taken: the rate bound, the trail and the time to live, in milliseconds. */
  public record Limits(long minIntervalMillis, int trailPoints, long trailMillis, long forgetAfterMillis) {}

  private final Fix fix;
  private final Limits limits;

  public MovePatroller(Fix fix, Limits limits) {
    this.fix = fix;
    this.limits = limits;
  }

  /** @return 0 when the position was taken, else how many milliseconds to wait for the next */
  @Override
  public Long process(Map.Entry<String, PatrollerPosition> entry) {
    PatrollerPosition last = entry.getValue();
    PatrollerPosition next;
    if (last == null) {
      next = PatrollerPosition.first(entry.getKey(), fix.districts(), fix.lon(), fix.lat(), fix.accuracyM(), fix.at());
    } else {
      long wait = last.at().toEpochMilli() + limits.minIntervalMillis() - fix.at().toEpochMilli();
      if (wait > 0) {
        return wait;
      }
      next = last.movedTo(fix.districts(), fix.lon(), fix.lat(), fix.accuracyM(), fix.at(), limits.trailPoints(),
          Duration.ofMillis(limits.trailMillis()));
    }
    if (entry instanceof ExtendedMapEntry<String, PatrollerPosition> extended) {
      extended.setValue(next, limits.forgetAfterMillis(), TimeUnit.MILLISECONDS);
    } else {
      entry.setValue(next); // a plain entry, as in a unit test: no time to live to set
    }
    return 0L;
  }

  Fix fix() {
    return fix;
  }

  Limits limits() {
    return limits;
  }

  static final class Serializer implements CompactSerializer<MovePatroller> {
    @Override
    public MovePatroller read(CompactReader in) {
      return new MovePatroller(
          new Fix(List.of(in.readArrayOfString("districts")), in.readFloat64("lon"), in.readFloat64("lat"),
              in.readNullableFloat64("accuracyM"), Instant.ofEpochMilli(in.readInt64("at"))),
          new Limits(in.readInt64("minIntervalMillis"), in.readInt32("trailPoints"), in.readInt64("trailMillis"),
              in.readInt64("forgetAfterMillis")));
    }

    @Override
    public void write(CompactWriter out, MovePatroller move) {
      out.writeArrayOfString("districts", move.fix.districts().toArray(String[]::new));
      out.writeFloat64("lon", move.fix.lon());
      out.writeFloat64("lat", move.fix.lat());
      out.writeNullableFloat64("accuracyM", move.fix.accuracyM());
      out.writeInt64("at", move.fix.at().toEpochMilli());
      out.writeInt64("minIntervalMillis", move.limits.minIntervalMillis());
      out.writeInt32("trailPoints", move.limits.trailPoints());
      out.writeInt64("trailMillis", move.limits.trailMillis());
      out.writeInt64("forgetAfterMillis", move.limits.forgetAfterMillis());
    }

    @Override
    public String getTypeName() {
      return "hamal.MovePatroller";
    }

    @Override
    public Class<MovePatroller> getCompactClass() {
      return MovePatroller.class;
    }
  }
}
