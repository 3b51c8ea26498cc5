package org.hamal.gateway;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and Ctrl-C, caught so that a command stops what it runs itself, before the JVM's exit
 * hooks run: libraries' own hooks would otherwise close things under in-flight work.
 */
final class StopSignal {

  private final CountDownLatch requested = new CountDownLatch(1);

  StopSignal() {
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> requested.countDown());
    }
  }

  /** Blocks until SIGTERM or Ctrl-C. */
  void await() throws InterruptedException {
    requested.await();
  }
}
