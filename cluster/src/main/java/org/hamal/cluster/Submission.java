package org.hamal.cluster;

import java.util.Objects;

/**
 * A new report as intake hands it to the store.
 *
 * @param report the report to create; its id may come from the client
 * @param idempotencyKey the caller-scoped key of the request, or null; a second submission with
 *     the same key finds the first report instead of creating another
 * @param requestHash a digest of the request's content, telling a true retry (same hash) from a
 *     key or id reused for a different request
 * @param clientId the report's id was chosen by the client, so a retry may carry it again
 */
public record Submission(
    Report report, String idempotencyKey, String requestHash, boolean clientId) {

  public Submission {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(requestHash, "requestHash");
  }

  /** True when a retry of this submission could already be stored. */
  boolean mayRepeat() {
    return idempotencyKey != null || clientId;
  }
}
