package org.hamal.cluster;

import com.hazelcast.map.IMap;
import java.util.Objects;

/**
 * The first writes of a member joining a cluster. They run while partitions migrate to the new
 * member, when a backup can go unconfirmed past Hazelcast's backup timeout: with
 * {@code fail.on.indeterminate.state} the write then fails as indeterminate though it may well
 * have been applied (seen in CI on a loaded machine). A put-if-absent is safe to repeat: the
 * repeat finds our own value if the first one went in.
 */
public final class StartupWrites {

  static final int ATTEMPTS = 5;

  private StartupWrites() {}

  /**
   * Blocking: puts the value unless the key has one, repeating after an indeterminate outcome.
   *
   * @return the value the key held before, or null if it is ours (also when a repeat found it)
   */
  public static <K, V> V putIfAbsent(IMap<K, V> map, K key, V value) {
    for (int attempt = 1; ; attempt++) {
      try {
        V before = map.putIfAbsent(key, value);
        return attempt > 1 && Objects.equals(before, value) ? null : before;
      } catch (RuntimeException e) {
        if (!Unavailable.isIndeterminate(e) || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
