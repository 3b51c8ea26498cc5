package org.hamal.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationState;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Failures that mean "the store or the cluster cannot serve this now", not "this request is
 * wrong" nor "this is a bug": a lost or timed-out database connection (PostgreSQL restarting or
 * failing over), a database refusing work for now (shutting down, out of connections, a
 * transaction that kept colliding), an operation timing out, a Hazelcast member leaving under an
 * operation. The API answers them 503 with Retry-After; a retry will likely succeed.
 */
public final class Unavailable {

  private Unavailable() {}

  public static boolean is(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof java.sql.SQLTimeoutException
          || t instanceof RetryableException
          || isIndeterminate(t)
          || t instanceof OperationTimeoutException
          || t instanceof HazelcastInstanceNotActiveException
          || isConnectionLost(t)
          || (t instanceof SQLException sql && isTransientState(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * An operation that may or may not have been applied (a member left under it, or its backups
   * were not confirmed in time). In Hazelcast 5.3 the exception does not implement the marker
   * interface: both are checked.
   */
  public static boolean isIndeterminate(Throwable t) {
    return t instanceof IndeterminateOperationStateException || t instanceof IndeterminateOperationState;
  }

  /**
   * The failure, or one of its causes, says the database connection is gone: SQLSTATE class 08,
   * or the server ended it (57P01-57P03: shut down, crashed, not accepting connections yet).
   */
  public static boolean isConnectionLost(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof SQLNonTransientConnectionException || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
        return true;
      }
    }
    return false;
  }

  /** Serialization failures and deadlocks: the transaction lost to another one. */
  public static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01");

  /** Conflicts, and insufficient resources (class 53, e.g. too many connections). */
  private static boolean isTransientState(String state) {
    return state != null && (CONFLICT_STATES.contains(state) || state.startsWith("53"));
  }
}
