package org.hamal.surge.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BarrageAlertsTest {

  private static final List<AlertsApi.Area> AREAS =
      List.of(
          new AlertsApi.Area("ashkelon-north", Set.of("barnea", "afridar")),
          new AlertsApi.Area("ashkelon-south", Set.of("shimshon", "agamim")),
          new AlertsApi.Area("ashkelon-industrial", Set.of("industrial")));

  private static JsonObject impact(double at, String district) {
    return new JsonObject().put("atSeconds", at).put("district", district);
  }

  @Test
  void aWaveIsASalvoAlertingTheAreasOverItsDistrictsUntilItsReportsStop() {
    JsonObject parameters =
        new JsonObject()
            .put("durationSeconds", 100.0)
            .put("burstWindowSeconds", 50.0)
            .put("impacts",
                new JsonArray()
                    .add(impact(5, "barnea"))
                    .add(impact(50, "agamim"))
                    .add(impact(5, "shimshon"))
                    .add(impact(50, "agamim")));

    List<BarrageAlerts.Wave> waves = BarrageAlerts.waves(parameters, AREAS);

    assertThat(waves).hasSize(2);
    assertThat(waves.get(0)).isEqualTo(
        new BarrageAlerts.Wave(1, 5, 55, Set.of("barnea", "shimshon"), List.of("ashkelon-north", "ashkelon-south")));
    // The second salvo's burst would outlast the run: its all-clear comes at the run's end.
    assertThat(waves.get(1)).isEqualTo(new BarrageAlerts.Wave(2, 50, 100, Set.of("agamim"), List.of("ashkelon-south")));
  }

  @Test
  void aWaveOutsideEveryAreaStillSoundsOnTheFirst() {
    JsonObject parameters =
        new JsonObject()
            .put("durationSeconds", 60.0)
            .put("burstWindowSeconds", 30.0)
            .put("impacts", new JsonArray().add(impact(3, "nowhere")));

    assertThat(BarrageAlerts.waves(parameters, AREAS).get(0).areas()).containsExactly("ashkelon-north");
    assertThat(BarrageAlerts.waves(parameters, List.of()).get(0).areas()).isEmpty();
  }

  @Test
  void areasAreReadFromTheAlertAreasAnswer() {
    String geoJson =
        "{\"type\":\"FeatureCollection\",\"version\":\"abc\",\"features\":[{\"type\":\"Feature\",\"geometry\":null,"
            + "\"properties\":{\"id\":\"ashkelon-south\",\"name_he\":\"אשקלון - דרום\",\"shelter_seconds\":30,"
            + "\"districts\":[\"barnea\",\"agamim\"]}}]}";
    assertThat(AlertsApi.parseAreas(geoJson))
        .containsExactly(new AlertsApi.Area("ashkelon-south", Set.of("barnea", "agamim")));
  }
}
