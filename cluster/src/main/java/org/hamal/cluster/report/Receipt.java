package org.hamal.cluster.report;

/**
 * What the store did with a {@link Submission}.
 *
 * @param report the stored report: the new one, or the one an earlier submission created
 * @param outcome whether it was created now, found from an earlier identical request, or refused
 *     because its key or id belongs to a different request
 */
public record Receipt(Report report, Outcome outcome) {

  public enum Outcome {
    /** Stored by this submission. */
    CREATED,
    /** An earlier submission with the same key (or id) and the same content stored it. */
    REPLAYED,
    /** The key (or id) was used before for a different request; nothing was stored. */
    CONFLICT
  }
}
