package org.hamal.cluster.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.hamal.cluster.report.Receipt;
import org.hamal.cluster.report.Receipt.Outcome;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.Reports;
import org.hamal.cluster.report.Submission;
import org.junit.jupiter.api.Test;

class IntakePlanTest {

  private final Report a = Reports.sample("shimshon", Instant.now());
  private final Report b = Reports.sample("shimshon", Instant.now());
  private final Report c = Reports.sample("shimshon", Instant.now());

  @Test
  void newSubmissionsAreInserted() {
    IntakePlan plan = new IntakePlan(List.of(sub(a, "k1", "h1"), sub(b, null, "h2")), List.of());
    assertThat(plan.toInsert()).extracting(s -> s.report().id()).containsExactly(a.id(), b.id());
    assertThat(plan.receipts()).extracting(Receipt::outcome).containsOnly(Outcome.CREATED);
  }

  @Test
  void aStoredKeyWithTheSameRequestIsReplayedAndAnotherRequestConflicts() {
    List<IntakePlan.Stored> stored = List.of(new IntakePlan.Stored(a, "k1", "h1"));
    IntakePlan plan = new IntakePlan(List.of(sub(b, "k1", "h1"), sub(c, "k1", "other")), stored);
    assertThat(plan.toInsert()).isEmpty();
    assertThat(plan.receipts())
        .containsExactly(new Receipt(a, Outcome.REPLAYED), new Receipt(a, Outcome.CONFLICT));
  }

  @Test
  void aRetryInTheSameBatchAsItsOriginalIsAReplay() {
    IntakePlan plan = new IntakePlan(List.of(sub(a, "k1", "h1"), sub(b, "k1", "h1")), List.of());
    assertThat(plan.toInsert()).extracting(s -> s.report().id()).containsExactly(a.id());
    assertThat(plan.receipts())
        .containsExactly(new Receipt(a, Outcome.CREATED), new Receipt(a, Outcome.REPLAYED));
  }

  @Test
  void aClientIdUnderAnotherKeyConflicts() {
    List<IntakePlan.Stored> stored = List.of(new IntakePlan.Stored(a, "k1", "h1"));
    IntakePlan plan =
        new IntakePlan(List.of(new Submission(a, "k2", "h1", true, null)), stored);
    assertThat(plan.receipts()).containsExactly(new Receipt(a, Outcome.CONFLICT));
    assertThat(plan.toInsert()).isEmpty();
  }

  private static Submission sub(Report r, String key, String hash) {
    return new Submission(r, key, hash, false, null);
  }
}
