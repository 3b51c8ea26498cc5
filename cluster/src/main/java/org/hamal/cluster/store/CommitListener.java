package org.hamal.cluster.store;

/**
 * Told of each group commit of reports, on the thread that completed it: must be quick and must
 * not throw. Lets the gateway count commits without the cluster depending on a metrics library.
 */
@FunctionalInterface
public interface CommitListener {

  CommitListener NONE = (items, nanos, committed) -> {};

  /**
   * @param items the reports in the group
   * @param nanos from the start of its transaction to its end
   * @param committed whether it committed (else it failed, or its outcome is unknown)
   */
  void committed(int items, long nanos, boolean committed);
}
