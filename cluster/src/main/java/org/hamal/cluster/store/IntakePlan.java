package org.hamal.cluster.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hamal.cluster.report.Receipt;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.Submission;

/**
 * Decides, for one batch, which submissions to insert and what each is answered, given the rows
 * already stored under their keys and ids. Later submissions in the same batch see earlier ones,
 * so a retry that lands in the same transaction as its original is a replay too.
 */
final class IntakePlan {

  /** A stored report with what identifies its request. */
  record Stored(Report report, String idempotencyKey, String requestHash) {}

  private final List<Submission> toInsert = new ArrayList<>();
  private final List<Receipt> receipts = new ArrayList<>();

  IntakePlan(List<Submission> batch, List<Stored> existing) {
    Map<String, Stored> byKey = new HashMap<>();
    Map<String, Stored> byId = new HashMap<>();
    for (Stored s : existing) {
      byId.put(s.report().id(), s);
      if (s.idempotencyKey() != null) {
        byKey.put(s.idempotencyKey(), s);
      }
    }
    for (Submission s : batch) {
      Stored earlier = s.idempotencyKey() == null ? null : byKey.get(s.idempotencyKey());
      if (earlier == null) {
        earlier = byId.get(s.report().id());
        if (earlier != null && s.idempotencyKey() != null
            && !s.idempotencyKey().equals(earlier.idempotencyKey())) {
          // Same id under another key: not a retry of that request.
          receipts.add(new Receipt(earlier.report(), Receipt.Outcome.CONFLICT));
          continue;
        }
      }
      if (earlier != null) {
        Receipt.Outcome outcome =
            earlier.requestHash() != null && earlier.requestHash().equals(s.requestHash())
                ? Receipt.Outcome.REPLAYED
                : Receipt.Outcome.CONFLICT;
        receipts.add(new Receipt(earlier.report(), outcome));
        continue;
      }
      Stored now = new Stored(s.report(), s.idempotencyKey(), s.requestHash());
      byId.put(s.report().id(), now);
      if (s.idempotencyKey() != null) {
        byKey.put(s.idempotencyKey(), now);
      }
      toInsert.add(s);
      receipts.add(new Receipt(s.report(), Receipt.Outcome.CREATED));
    }
  }

  List<Submission> toInsert() {
    return toInsert;
  }

  /** One receipt per submission, in the batch's order. */
  List<Receipt> receipts() {
    return receipts;
  }
}
