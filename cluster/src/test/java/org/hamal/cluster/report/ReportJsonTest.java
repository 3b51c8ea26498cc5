package org.hamal.cluster.report;

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
  void theAlertAReportArrivedUnderRoundTrips() {
    Report report = Reports.underAlert(Reports.sample("barnea", Instant.now()), "alert-1");
    JsonObject encoded = json.toJson(report);
    assertThat(encoded.getJsonObject("alert")).isEqualTo(new JsonObject().put("id", "alert-1").put("threat", "rockets"));
    assertThat(json.fromJson(new JsonObject(encoded.encode()))).isEqualTo(report);
    assertThat(json.toJson(Reports.sample("barnea", Instant.now())).containsKey("alert")).isFalse();
  }

  @Test
  void personalDataCanBeRemoved() {
    JsonObject encoded = json.toJson(Reports.sample("migdal", Instant.now()));
    assertThat(ReportJson.withoutPersonalData(encoded).containsKey("reporter")).isFalse();
    assertThat(encoded.containsKey("reporter")).isTrue();
  }

  @Test
  void personalDataCanBeRemovedFromTheEncodedForm() {
    Report report = Reports.sample("migdal", Instant.now());
    JsonObject stripped = new JsonObject(ReportJson.withoutPersonalData(json.toJson(report).encode()));
    assertThat(stripped.containsKey("reporter")).isFalse();
    assertThat(stripped).isEqualTo(ReportJson.withoutPersonalData(json.toJson(report)));
  }

  @Test
  void personalDataIsCutFromTheEncodedFormWhereverItStands() {
    String[][] cases = {
      // {encoded, without personal data}
      {"{\"id\":\"r\",\"reporter\":{\"name\":\"דנה \\\"לוי\\\"\",\"phone\":\"050\"}}", "{\"id\":\"r\"}"},
      {"{\"reporter\":{\"name\":\"x\"},\"id\":\"r\"}", "{\"id\":\"r\"}"},
      {"{\"id\":\"r\",\"reporter\":null,\"d\":\"a , } \\\"reporter\\\"\"}", "{\"id\":\"r\",\"d\":\"a , } \\\"reporter\\\"\"}"},
      {"{\"id\":\"r\",\"reporter\":\"דנה, 050\",\"v\":1}", "{\"id\":\"r\",\"v\":1}"},
      {"{\"reporter\":{\"name\":\"x\"}}", "{}"},
      {"{ \"id\" : \"r\" , \"reporter\" : { \"name\" : \"x\" } }", "{ \"id\" : \"r\" }"},
      {"{\"location\":{\"reporter\":1},\"id\":\"r\"}", "{\"location\":{\"reporter\":1},\"id\":\"r\"}"},
    };
    for (String[] c : cases) {
      String cut = ReportJson.withoutPersonalData(c[0]);
      assertThat(cut).as(c[0]).isEqualTo(c[1]);
      JsonObject decoded = new JsonObject(c[0]);
      decoded.remove("reporter");
      assertThat(new JsonObject(cut)).as(c[0]).isEqualTo(decoded);
    }
  }

  @Test
  void idAndVersionAreReadFromTheEncodedFormWhateverComesBeforeThem() {
    Report report = Reports.sample("migdal", Instant.now());
    assertThat(ReportJson.idAndVersion(json.toJson(report).encode()))
        .isEqualTo(new ReportJson.IdVersion(report.id(), report.version()));
    // nested objects and arrays before them are skipped, not mistaken for the report's fields
    String reordered = "{\"location\":{\"id\":\"inner\",\"version\":9},\"tags\":[{\"version\":8}],"
        + "\"version\":3,\"id\":\"r-1\"}";
    assertThat(ReportJson.idAndVersion(reordered)).isEqualTo(new ReportJson.IdVersion("r-1", 3));
  }

  @Test
  void idAndVersionRejectJsonThatIsNotAReport() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportJson.idAndVersion("{\"id\":\"r-1\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportJson.idAndVersion("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The open-reports map has no query metadata: Hazelcast scans each report's JSON from the start
   * for an attribute, so what the sweeps and live filters query must precede the long text.
   */
  @Test
  void queriedFieldsPrecedeTheDescriptionRoutingAndReporter() {
    String encoded = json.toJson(Reports.sample("migdal", Instant.now())).encode();
    int text = encoded.indexOf("\"description\"");
    assertThat(text).isPositive();
    for (String queried : java.util.List.of("district", "category", "priority", "status", "deferred", "incident",
        "location", "receivedAt")) {
      assertThat(encoded.indexOf("\"" + queried + "\"")).as(queried).isBetween(0, text);
    }
    assertThat(encoded.indexOf("\"routing\"")).isGreaterThan(text);
    assertThat(encoded.indexOf("\"reporter\"")).isGreaterThan(text);
  }
}
