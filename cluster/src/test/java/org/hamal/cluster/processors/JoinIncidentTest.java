package org.hamal.cluster.processors;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.AbstractMap;
import java.util.Map;
import org.hamal.geo.Geodesy;
import org.junit.jupiter.api.Test;

/** The entry processor that adds reports to an incident, on its own (as it runs on the partition). */
class JoinIncidentTest {

  private static final double LON = 34.5737;
  private static final double LAT = 31.6879;
  private static final double RADIUS = 150;
  private static final long WINDOW = 15 * 60_000L;
  private static final long AT = 1_795_000_000_000L;

  @Test
  void eachReportIsCheckedAgainstTheCentreAsTheReportsBeforeItMovedIt() {
    Map.Entry<String, String> entry = new AbstractMap.SimpleEntry<>("i-1", incident("open").encode());
    // 140 m east joins and moves the centre 70 m east; 200 m east is then 130 m from it (it was
    // 200 m from the first centre); 400 m east is too far from any.
    JoinIncident join = new JoinIncident(
        new double[] {east(140), east(200), east(400)}, new double[] {LAT, LAT, LAT}, new int[] {2, 5, 5},
        new String[] {"barnea", "afridar", "shimshon"}, new long[] {AT + 1, AT + 2, AT + 3}, RADIUS, WINDOW);

    JoinIncident.Joined joined = join.process(entry);

    assertThat(new boolean[] {joined.joined(0), joined.joined(1), joined.joined(2)}).containsExactly(true, true, false);
    JsonObject after = new JsonObject(joined.incident());
    assertThat(new JsonObject(entry.getValue())).isEqualTo(after);
    assertThat(after.getInteger("count")).isEqualTo(3);
    assertThat(after.getInteger("version")).as("one step").isEqualTo(2);
    assertThat(after.getInteger("priority")).isEqualTo(5);
    assertThat(after.getLong("lastAt")).isEqualTo(AT + 2);
    assertThat(after.getJsonArray("districts").getList()).containsExactly("barnea", "afridar");
    assertThat(JoinIncident.meters(after.getJsonObject("centroid"), east(340 / 3.0), LAT)).isLessThan(0.01);
  }

  @Test
  void aClosedIncidentTakesNoneAndIsLeftAsItWasAndAGoneOneAnswersNull() {
    String closed = incident("closed").encode();
    Map.Entry<String, String> entry = new AbstractMap.SimpleEntry<>("i-1", closed);
    JoinIncident join = new JoinIncident(LON, LAT, 3, "barnea", AT, RADIUS, WINDOW);

    JoinIncident.Joined joined = join.process(entry);

    assertThat(joined.incident()).isNull();
    assertThat(joined.joined(0)).isFalse();
    assertThat(entry.getValue()).isEqualTo(closed);
    assertThat(join.process(new AbstractMap.SimpleEntry<>("i-2", null))).isNull();
  }

  private static double east(double meters) {
    return LON + meters / Geodesy.metersPerDegreeLon(LAT);
  }

  private static JsonObject incident(String status) {
    return new JsonObject().put("id", "i-1").put("category", "building-hit").put("status", status).put("count", 1)
        .put("centroid", new JsonObject().put("lon", LON).put("lat", LAT)).put("priority", 3)
        .put("districts", new JsonArray().add("barnea")).put("firstAt", AT).put("lastAt", AT).put("version", 1);
  }
}
