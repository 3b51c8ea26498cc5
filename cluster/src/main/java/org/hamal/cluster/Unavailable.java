package org.hamal.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationState;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import java.util.concurrent.TimeoutException;

/**
 * Failures that mean "the store or the cluster cannot serve this now", not "this request is
 * wrong" nor "this is a bug": a lost or timed-out database connection (the H2 server moving to
 * another node, PostgreSQL restarting), an operation timing out, a Hazelcast member leaving
 * under an operation. The API answers them 503 with Retry-After; a retry will likely succeed.
 */
public final class Unavailable {

  private Unavailable() {}

  public static boolean is(Throwable err) {
    if (RenewingPool.isConnectionLost(err)) {
      return true;
    }
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof java.sql.SQLTimeoutException
          || t instanceof RetryableException
          || t instanceof IndeterminateOperationState
          || t instanceof OperationTimeoutException
          || t instanceof HazelcastInstanceNotActiveException) {
        return true;
      }
    }
    return false;
  }
}
