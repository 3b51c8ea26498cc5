package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReportIdsTest {

  @Test
  void idsAreVersion7UuidsThatSortByTime() {
    String early = ReportIds.next(1_700_000_000_000L);
    String late = ReportIds.next(1_700_000_000_001L);
    assertThat(UUID.fromString(early).version()).isEqualTo(7);
    assertThat(early).isLessThan(late);
    assertThat(ReportIds.isWellFormed(early)).isTrue();
  }

  @Test
  void idsAreUniqueWithinOneMillisecond() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(ReportIds.next(1_700_000_000_000L));
    }
    assertThat(ids).hasSize(100_000);
  }

  @Test
  void rejectsJunk() {
    assertThat(ReportIds.isWellFormed("../../etc/passwd")).isFalse();
    assertThat(ReportIds.isWellFormed(null)).isFalse();
    assertThat(ReportIds.isWellFormed("0190d6f0-0000-7000-8000-00000000000G")).isFalse();
  }
}
