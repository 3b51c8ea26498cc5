package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveHubTest {

  private final LiveHub hub =
      new LiveHub(null, new LiveConfig(15, 45, 3, 500, 0, 250, 1000, 65536, 5000, 100, 5, 600, 20), 250);

  @Test
  void aRepeatedReportVersionIsHandedOutOnceAndTheWindowIsBounded() {
    hub.startAt(9, List.of());
    hub.append(List.of(event(10, "a", 1, "created"), event(11, "a", 1, "created"), event(12, "b", 1, "created")));
    hub.append(List.of(event(13, "a", 2, "updated"), event(14, "a", 1, "updated")));

    assertThat(hub.lastSeq()).isEqualTo(14);
    // Without the repeats of a@1 (11 and 14).
    assertThat(hub.after(9).keySet()).containsExactly(10L, 12L, 13L);
    assertThat(hub.after(11).keySet()).containsExactly(12L, 13L);
    hub.append(List.of(event(15, "c", 1, "created")));
    // Three events at most: 10 has left the window, so a client at 9 must look further back.
    assertThat(hub.after(9)).isNull();
    assertThat(hub.after(12).keySet()).containsExactly(13L, 15L);
    assertThat(hub.counts(LiveFilter.everything(new org.hamal.gateway.auth.Caller("x", java.util.Set.of(org.hamal.gateway.auth.Role.ADMIN), java.util.Set.of()))).getInteger("shimshon"))
        .isEqualTo(3);
  }

  @Test
  void theHeatLayerHoldsTheCellsOfTheDistrictsAsked() {
    hub.startAt(0, List.of(
        open("a", "shimshon", 34.545, 31.655),
        open("b", "shimshon", 34.545, 31.655),
        open("c", "barnea", 34.575, 31.689)));

    assertThat(hub.heat(Set.of()).getJsonArray("cells")).extracting(c -> ((JsonObject) c).getInteger("count"))
        .containsExactlyInAnyOrder(2, 1);
    assertThat(hub.heat(Set.of("barnea")).getJsonArray("cells")).singleElement()
        .satisfies(c -> assertThat(((JsonObject) c).getInteger("count")).isEqualTo(1));
    assertThat(hub.heat(Set.of("afridar")).getJsonArray("cells")).isEmpty();
  }

  private static JsonObject open(String id, String district, double lon, double lat) {
    return new JsonObject().put("id", id).put("district", district)
        .put("location", new JsonObject().put("lon", lon).put("lat", lat));
  }

  private static LiveEvent event(long seq, String id, int version, String kind) {
    JsonObject report =
        new JsonObject()
            .put("id", id)
            .put("district", "shimshon")
            .put("category", "hazard")
            .put("status", "new")
            .put("priority", 3)
            .put("version", version)
            .put("location", new JsonObject().put("lon", 34.5).put("lat", 31.6));
    return LiveEvent.decode(seq, new JsonObject().put("kind", kind).put("report", report).encode());
  }
}
