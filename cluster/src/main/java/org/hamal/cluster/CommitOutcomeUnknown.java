package org.hamal.cluster;

/**
 * A commit was sent and no answer came back (the connection died under it, or the server hung
 * past every bound): the work may or may not be in the store. Not "nothing was stored": intake
 * answers it with the ids a client can look up or retry under.
 */
public final class CommitOutcomeUnknown extends RuntimeException {

  public CommitOutcomeUnknown(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether this outcome is anywhere in the causes of err. */
  public static boolean is(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof CommitOutcomeUnknown) {
        return true;
      }
    }
    return false;
  }
}
