package org.hamal.cluster.report;

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
 * @param submittedBy the subject of the token that filed it (staff or a system, never a
 *     resident), or null; a patroller may attach photos to a report they filed
 */
public record Submission(
    Report report, String idempotencyKey, String requestHash, boolean clientId, String submittedBy) {

  /** The width of {@code report.submitted_by}. */
  public static final int MAX_SUBMITTED_BY = 200;

  public Submission {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(requestHash, "requestHash");
    if (submittedBy != null && submittedBy.length() > MAX_SUBMITTED_BY) {
      submittedBy = null; // wider than its column: not recorded, rather than failing a commit group
    }
  }

  /**
   * The key a caller's idempotency key is stored (and its report's id derived) under:
   * {@code subject:key}. A subject's own {@code %} and {@code :} are percent-encoded, so the
   * first {@code :} always ends the subject and no two (subject, key) pairs share a scoped key
   * ({@code a:b} + {@code c} against {@code a} + {@code b:c}); subjects without them keep the
   * plain form, so retries spanning an upgrade still find their originals. (Keys stored before
   * the escaping by a subject with a {@code :} keep their old, ambiguous form.)
   */
  public static String scopedKey(String subject, String key) {
    // A token without a subject keeps the form it always had ("null").
    String name = String.valueOf(subject);
    String escaped = name.indexOf('%') < 0 && name.indexOf(':') < 0
        ? name
        : name.replace("%", "%25").replace(":", "%3A");
    return escaped + ":" + key;
  }

  /** The same submission, its report placed in an incident before it is first stored. */
  public Submission grouped(String incident) {
    return new Submission(report.grouped(incident), idempotencyKey, requestHash, clientId, submittedBy);
  }

  /** True when a retry of this submission could already be stored. */
  public boolean mayRepeat() {
    return idempotencyKey != null || clientId;
  }
}
