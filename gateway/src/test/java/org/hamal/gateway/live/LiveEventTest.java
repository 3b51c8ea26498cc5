package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.hamal.cluster.events.ReportEvents;
import org.junit.jupiter.api.Test;

/** Log entries read in one streaming pass, and frames spliced from the JSON as the log holds it. */
class LiveEventTest {

  @Test
  void aCreatedReportIsReadAndItsFramesAreTheReportWithAndWithoutPersonalData() {
    JsonObject report = report().put("reporter", new JsonObject().put("name", "דנה \"לוי\"").put("phone", "050-1234567"));
    LiveEvent e = LiveEvent.decode(42, entry("created", report, null, null));

    assertThat(e.kind).isEqualTo(ReportEvents.Kind.CREATED);
    assertThat(e.id).isEqualTo("r-1");
    assertThat(e.district).isEqualTo("shimshon");
    assertThat(e.districts).containsExactly("shimshon");
    assertThat(e.category).isEqualTo("hazard");
    assertThat(e.status).isEqualTo("new");
    assertThat(e.priority).isEqualTo(4);
    assertThat(e.version).isEqualTo(3);
    assertThat(e.deferred).isTrue();
    assertThat(e.previousDeferred).isTrue();
    assertThat(e.lon).isEqualTo(34.545);
    assertThat(e.lat).isEqualTo(31.655);

    assertThat(json(e.frame(true))).isEqualTo(
        new JsonObject().put("type", "report.created").put("seq", 42).put("report", report));
    JsonObject display = report.copy();
    display.remove("reporter");
    assertThat(json(e.frame(false))).isEqualTo(
        new JsonObject().put("type", "report.created").put("seq", 42).put("report", display));
    assertThat(json(e.json(true))).isEqualTo(report);
    assertThat(json(e.json(false))).isEqualTo(display);
    assertThat(text(e.json(false))).doesNotContain("050-1234567").doesNotContain("לוי");
  }

  @Test
  void personalDataIsCutWhereverItStandsInTheReport() {
    JsonObject reporter = new JsonObject().put("name", "x").put("phone", "052-0000000");
    JsonObject first = new JsonObject().put("reporter", reporter).mergeIn(report());
    JsonObject middle = report().put("reporter", reporter).put("description", "after it, with a , and a }");
    JsonObject none = report().putNull("reporter");
    for (JsonObject r : new JsonObject[] {first, middle, none, report()}) {
      LiveEvent e = LiveEvent.decode(1, entry("updated", r, new JsonObject().put("status", "new").put("deferred", false), null));
      JsonObject display = r.copy();
      display.remove("reporter");
      assertThat(json(e.json(false))).as(r.encode()).isEqualTo(display);
      assertThat(json(e.json(true))).as(r.encode()).isEqualTo(r);
      assertThat(e.previousStatus).isEqualTo("new");
      assertThat(e.previousDeferred).isFalse();
    }
    // Not how Hamal writes reports, still cut cleanly: a reporter as text, and spaces.
    JsonObject text = report().put("reporter", "דנה, 050-1234567");
    JsonObject textDisplay = text.copy();
    textDisplay.remove("reporter");
    assertThat(json(LiveEvent.decode(1, entry("created", text, null, null)).json(false))).isEqualTo(textDisplay);

    String spaced = "{ \"kind\" : \"created\" , \"report\" : { \"reporter\" : { \"name\" : \"x\" } , \"id\" : \"r\" ,"
        + " \"location\" : { \"lon\" : 1.0 , \"lat\" : 2.0 } } }";
    assertThat(json(LiveEvent.decode(1, spaced).json(false)))
        .isEqualTo(new JsonObject().put("id", "r").put("location", new JsonObject().put("lon", 1.0).put("lat", 2.0)));
  }

  @Test
  void anIncidentAndAnEscalationAreFramedAsBefore() {
    JsonObject incident = new JsonObject().put("id", "i-1").put("category", "trapped").put("status", "closed")
        .put("count", 0).put("centroid", new JsonObject().put("lon", 34.5).put("lat", 31.6)).put("priority", 5)
        .put("districts", new JsonArray().add("barnea").add("afridar")).put("version", 7);
    LiveEvent i = LiveEvent.decode(9, new JsonObject().put("kind", "incident").put("incident", incident).encode());
    assertThat(i.isIncident()).isTrue();
    assertThat(i.districts).containsExactly("barnea", "afridar");
    assertThat(i.district).isEqualTo("barnea");
    assertThat(i.lon).isEqualTo(34.5);
    assertThat(json(i.frame(false))).isEqualTo(
        new JsonObject().put("type", "incident.closed").put("seq", 9).put("incident", incident));

    JsonObject escalation = new JsonObject().put("priority", 5).put("overdueSeconds", 30);
    JsonObject report = report().put("reporter", new JsonObject().put("name", "x"));
    LiveEvent e = LiveEvent.decode(10, entry("escalated", report, null, escalation));
    JsonObject display = report.copy();
    display.remove("reporter");
    assertThat(json(e.frame(false))).isEqualTo(new JsonObject().put("type", "report.escalated").put("seq", 10)
        .put("report", display).put("escalation", escalation));
  }

  @Test
  void aSyntheticEventIsReadLikeALoggedOne() {
    LiveEvent e = LiveEvent.synthetic(5, report());
    assertThat(e.synthetic).isTrue();
    // Tagged like a logged one, so that its frames are the size of real ones.
    assertThat(json(e.frame(true))).isEqualTo(
        new JsonObject().put("type", "report.created").put("seq", 5).put("tag", "synthetic000").put("report", report()));
  }

  @Test
  void aLoggedEntrysTagNamesItsPositionInEveryFrameAndOnlyAWellFormedOneIsKept() {
    String entry = "{\"tag\":\"1hx8k2v0q3m7\",\"kind\":\"updated\",\"report\":" + report().encode() + "}";
    LiveEvent e = LiveEvent.decode(12, entry);
    assertThat(e.tag).isEqualTo("1hx8k2v0q3m7");
    assertThat(json(e.frame(true)).getString("tag")).isEqualTo("1hx8k2v0q3m7");
    assertThat(json(e.removedFrame())).isEqualTo(new JsonObject().put("type", "report.removed").put("seq", 12)
        .put("tag", "1hx8k2v0q3m7").put("id", report().getString("id")).put("district", report().getString("district"))
        .put("version", report().getInteger("version")));
    // Copied into frames unescaped: anything but base-36 digits is not a tag.
    LiveEvent odd = LiveEvent.decode(13, entry.replace("1hx8k2v0q3m7", "a\\\"b"));
    assertThat(odd.tag).isNull();
    assertThat(json(odd.frame(true)).containsKey("tag")).isFalse();
  }

  @Test
  void valuesOfAnUnexpectedShapeArePassedOverNotMisread() {
    String entry = "{\"kind\":\"updated\",\"previous\":[{\"status\":\"x\"}],\"report\":{\"priority\":{\"a\":[1]},"
        + "\"status\":[\"closed\"],\"id\":\"r\",\"location\":{\"lon\":1.5,\"lat\":2.5}},\"escalation\":[1]}";
    LiveEvent e = LiveEvent.decode(3, entry);
    assertThat(e.id).isEqualTo("r");
    assertThat(e.priority).isEqualTo(1);
    assertThat(e.status).isNull();
    assertThat(e.previousStatus).isNull();
    assertThat(e.lon).isEqualTo(1.5);
    assertThat(json(e.frame(true)).containsKey("escalation")).isFalse();
  }

  @Test
  void anEntryWithoutAReportIdOrLocationIsRefused() {
    assertThatThrownBy(() -> LiveEvent.decode(1, "{\"kind\":\"created\",\"report\":{\"id\":\"r\"}}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LiveEvent.decode(1, "{\"kind\":\"created\"}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LiveEvent.decode(1, "not json")).isInstanceOf(IllegalArgumentException.class);
  }

  /** An event of a report's change, for other tests of the package. */
  static LiveEvent report(String kind, String id, int version, int priority) {
    JsonObject r = report().put("id", id).put("version", version).put("priority", priority)
        .put("status", "closed".equals(kind) ? "closed" : "new");
    JsonObject previous = "created".equals(kind) ? null : new JsonObject().put("status", "new").put("deferred", false);
    return LiveEvent.decode(version, entry(kind, r, previous, null));
  }

  private static JsonObject report() {
    return new JsonObject().put("id", "r-1").put("district", "shimshon").put("category", "hazard")
        .put("priority", 4).put("status", "new").put("deferred", true).put("incident", null)
        .put("location", new JsonObject().put("lon", 34.545).put("lat", 31.655)).put("version", 3)
        .put("description", "עמוד חשמל נפל {\"x\":[1,2]}");
  }

  private static String entry(String kind, JsonObject report, JsonObject previous, JsonObject escalation) {
    JsonObject e = new JsonObject().put("kind", kind).put("report", report);
    if (previous != null) {
      e.put("previous", previous);
    }
    if (escalation != null) {
      e.put("escalation", escalation);
    }
    return e.encode();
  }

  private static String text(ByteBuf b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  private static JsonObject json(ByteBuf b) {
    return new JsonObject(text(b));
  }
}
