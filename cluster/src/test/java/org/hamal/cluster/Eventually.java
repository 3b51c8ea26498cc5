package org.hamal.cluster;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Asks again until the answer is the one awaited, or the time is up: for what a node does on its
 * own time (hears of a change from the cluster, frees a slot). The test then asserts on the last
 * answer, so a wait that ran out fails with what was seen.
 */
public final class Eventually {

  /** A pause between looks, so that polling does not take the CPU from what it waits for. */
  private static final Duration PAUSE = Duration.ofMillis(20);

  private Eventually() {}

  /** The first answer {@code done} accepts, or the last one when {@code within} ran out. */
  public static <T> T until(Callable<T> ask, Predicate<? super T> done, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    T answer = ask.call();
    while (!done.test(answer) && System.nanoTime() < deadline) {
      Thread.sleep(PAUSE.toMillis()); // paces the looks; the condition is what is waited for
      answer = ask.call();
    }
    return answer;
  }
}
