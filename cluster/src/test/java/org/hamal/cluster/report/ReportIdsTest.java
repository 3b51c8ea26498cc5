package org.hamal.cluster.report;

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
  void aKeyAlwaysNamesTheSameReportAndOnlyIt() {
    String id = ReportIds.forKey("call-center:k-1");
    assertThat(ReportIds.forKey("call-center:k-1")).isEqualTo(id);
    assertThat(UUID.fromString(id).version()).isEqualTo(8);
    assertThat(UUID.fromString(id).variant()).isEqualTo(2);
    assertThat(ReportIds.isWellFormed(id)).isTrue();
    assertThat(ReportIds.forKey("call-center:k-2")).isNotEqualTo(id);
    assertThat(ReportIds.forKey("sms-gateway:k-1")).isNotEqualTo(id);
  }

  @Test
  void rejectsJunk() {
    assertThat(ReportIds.isWellFormed("../../etc/passwd")).isFalse();
    assertThat(ReportIds.isWellFormed(null)).isFalse();
    assertThat(ReportIds.isWellFormed("0190d6f0-0000-7000-8000-00000000000G")).isFalse();
  }
}
