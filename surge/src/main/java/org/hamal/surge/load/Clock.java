package org.hamal.surge.load;

import java.util.concurrent.locks.LockSupport;

/** Monotonic time for the pacer; tests use a fake one that jumps instead of waiting. */
public interface Clock {

  long nanoTime();

  /** Returns at or soon after {@code deadlineNanos}, at once if it has passed. */
  void parkUntil(long deadlineNanos);

  Clock SYSTEM =
      new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadlineNanos) {
          long left;
          while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
          }
        }
      };
}
