package org.hamal.surge.audit;

import java.util.List;
import java.util.Map;

/**
 * The loss audit: every acknowledged report read back from the store, and delivered to every
 * subscriber whose scope it falls in, as a marker or folded into its counts, its creation never
 * twice. Lists are capped (counts are not).
 *
 * @param deliveredFolded of {@code deliveredExpected}, those that reached their subscriber only
 *     folded into its counts (a batch's {@code folded}), never as a marker
 * @param unreadable acknowledged ids whose read-back failed for another reason than 404, with why
 * @param outOfScope deliveries to a subscriber whose scope excludes the report (a filter the
 *     server did not apply); not loss
 * @param unacknowledged distinct reports delivered that this run never had acknowledged (other
 *     clients, or requests that timed out after the server stored them); not loss
 * @param deliveredBeforeAck deliveries that arrived before the 201 (their latency counts as 0)
 */
public record AuditResult(
    long acknowledged,
    long readBackFound,
    long readBackMissing,
    List<String> missingInStore,
    Map<String, String> unreadable,
    long duplicateAcks,
    List<String> duplicateAckIds,
    long expectedDeliveries,
    long deliveredExpected,
    long deliveredFolded,
    long missingDeliveries,
    List<Miss> missing,
    long duplicateDeliveries,
    List<Duplicate> duplicates,
    long outOfScope,
    long unacknowledged,
    long deliveredBeforeAck,
    List<SubscriberTally> perSubscriber) {

  public static final int LIST_CAP = 1000;

  /** A report a subscriber should have received and did not. */
  public record Miss(String subscriber, String id) {}

  /** A report a subscriber received more than once. */
  public record Duplicate(String subscriber, String id, int times) {}

  /** One subscriber's share of the audit ({@code folded}: of {@code received}, only folded). */
  public record SubscriberTally(
      String subscriber, String scope, long expected, long received, long folded, long missing,
      long duplicates, long outOfScope) {}

  public boolean passed() {
    return readBackMissing == 0
        && unreadable.isEmpty()
        && duplicateAcks == 0
        && missingDeliveries == 0
        && duplicateDeliveries == 0;
  }
}
