package org.hamal.cluster.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.cluster.report.ReportStatus.*;

import org.junit.jupiter.api.Test;

class ReportStatusTest {

  @Test
  void theWorkflowMovesForwardAndEndsInResolvedClosedOrDuplicate() {
    assertThat(NEW.canMoveTo(ACKNOWLEDGED)).isTrue();
    assertThat(NEW.canMoveTo(EN_ROUTE)).isTrue();
    assertThat(ASSIGNED.canMoveTo(EN_ROUTE)).isTrue();
    assertThat(EN_ROUTE.canMoveTo(ON_SITE)).isTrue();
    assertThat(ON_SITE.canMoveTo(RESOLVED)).isTrue();
    assertThat(NEW.canMoveTo(DUPLICATE)).isTrue();
    assertThat(RESOLVED.canMoveTo(CLOSED)).isTrue();
    // Reassignment while someone is on it.
    assertThat(ON_SITE.canMoveTo(ASSIGNED)).isTrue();
    // Backwards otherwise, and out of the end states, no.
    assertThat(ON_SITE.canMoveTo(NEW)).isFalse();
    assertThat(EN_ROUTE.canMoveTo(ACKNOWLEDGED)).isFalse();
    assertThat(DUPLICATE.canMoveTo(NEW)).isFalse();
    assertThat(CLOSED.canMoveTo(RESOLVED)).isFalse();
    // Reopening is its own case.
    assertThat(CLOSED.canMoveTo(ACKNOWLEDGED)).isTrue();
    assertThat(CLOSED.isReopening(ACKNOWLEDGED)).isTrue();
    assertThat(DUPLICATE.canMoveTo(ACKNOWLEDGED)).isFalse();
  }
}
