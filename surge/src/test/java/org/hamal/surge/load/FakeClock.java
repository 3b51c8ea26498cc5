package org.hamal.surge.load;

/** A clock that jumps to each deadline at once: a schedule of minutes runs in milliseconds. */
final class FakeClock implements Clock {

  private long now = 1_000_000_000L;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void parkUntil(long deadlineNanos) {
    now = Math.max(now, deadlineNanos);
  }

  void advance(long nanos) {
    now += nanos;
  }
}
