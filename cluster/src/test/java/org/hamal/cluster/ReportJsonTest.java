package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

  private final ReportJson json = new ReportJson(ZoneId.of("Asia/Jerusalem"));

  @Test
  void roundTripsAndWritesTimesWithTheCitysOffset() {
    Report report = Reports.sample("migdal", Instant.parse("2026-11-24T21:10:00Z"));

    JsonObject encoded = json.toJson(report);

    assertThat(encoded.getString("receivedAt")).isEqualTo("2026-11-24T23:10:00.000+02:00");
    assertThat(encoded.getString("status")).isEqualTo("new");
    assertThat(json.fromJson(new JsonObject(encoded.encode()))).isEqualTo(report);
  }

  @Test
  void personalDataCanBeRemoved() {
    JsonObject encoded = json.toJson(Reports.sample("migdal", Instant.now()));
    assertThat(ReportJson.withoutPersonalData(encoded).containsKey("reporter")).isFalse();
    assertThat(encoded.containsKey("reporter")).isTrue();
  }
}
