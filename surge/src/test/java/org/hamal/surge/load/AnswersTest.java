package org.hamal.surge.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswersTest {

  private static final String REPORT =
      "{\"id\":\"01a\",\"district\":\"barnea\",\"category\":\"fire\",\"status\":\"new\",\"version\":1}";

  @Test
  void readsACreatedReport() {
    assertThat(Answers.report(REPORT)).isEqualTo(new Answers.ItemAnswer("01a", "barnea", "fire", null, 201));
    assertThat(Answers.report("oops").created()).isFalse();
  }

  @Test
  void readsErrorCodes() {
    assertThat(Answers.errorCode("{\"error\":{\"code\":\"outside_service_area\",\"message\":\"m\",\"field\":\"location\"}}"))
        .isEqualTo("outside_service_area");
    assertThat(Answers.errorCode("<html>")).isEqualTo("unreadable");
  }

  @Test
  void readsBatchAnswersInTheirSeveralShapes() {
    String error = "{\"status\":422,\"error\":{\"code\":\"unknown_category\"}}";
    var array = Answers.batch("[" + REPORT + "," + error + "]", 207);
    assertThat(array).hasSize(2);
    assertThat(array.get(0).id()).isEqualTo("01a");
    assertThat(array.get(1)).isEqualTo(new Answers.ItemAnswer(null, null, null, "unknown_category", 422));

    var wrapped = Answers.batch("{\"results\":[{\"status\":201,\"report\":" + REPORT + "}]}", 200);
    assertThat(wrapped).containsExactly(new Answers.ItemAnswer("01a", "barnea", "fire", null, 201));

    var ndjson = Answers.batch(REPORT + "\n" + error + "\n", 200);
    assertThat(ndjson).hasSize(2);
    assertThat(ndjson.get(1).errorCode()).isEqualTo("unknown_category");

    assertThat(Answers.batch("nonsense", 200)).isEmpty();
  }

  @Test
  void classifiesFailuresAndBacksOff() {
    assertThat(Intake.failureKind(new java.util.concurrent.TimeoutException())).isEqualTo("timeout");
    assertThat(Intake.failureKind(new java.net.ConnectException("refused"))).isEqualTo("connection_refused");
    assertThat(Intake.backoffMillis(0, "2")).isEqualTo(2_000);
    assertThat(Intake.backoffMillis(0, "3600")).isEqualTo(5_000);
    assertThat(Intake.backoffMillis(3, null)).isBetween(400L, 800L);
  }
}
