package org.hamal.cluster.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubmissionTest {

  @Test
  void aPlainSubjectKeepsTheFormKeysWereStoredUnder() {
    assertThat(Submission.scopedKey("sms-gateway", "k:1")).isEqualTo("sms-gateway:k:1");
    assertThat(Submission.scopedKey(null, "k")).isEqualTo("null:k");
  }

  @Test
  void noTwoCallersAndKeysShareAScopedKey() {
    assertThat(Submission.scopedKey("ops:east", "k"))
        .isNotEqualTo(Submission.scopedKey("ops", "east:k"))
        .isEqualTo("ops%3Aeast:k");
    assertThat(Submission.scopedKey("ops%3Aeast", "k"))
        .isNotEqualTo(Submission.scopedKey("ops:east", "k"))
        .isEqualTo("ops%253Aeast:k");
  }
}
