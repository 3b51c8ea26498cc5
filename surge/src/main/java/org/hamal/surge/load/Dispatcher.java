package org.hamal.surge.load;

/**
 * Issues a request without waiting for it, and calls {@code done} once per send when its fate is
 * known (acknowledged, refused, or failed after retries).
 */
public interface Dispatcher {

  void dispatch(Send send, Runnable done);
}
