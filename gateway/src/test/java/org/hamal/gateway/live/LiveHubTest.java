package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;

class LiveHubTest {

  private final LiveHub hub =
      new LiveHub(null, new LiveConfig(15, 45, 3, 500, 0, 250, 1000, 65536, 5000, 100, 5, 600, 20, 0, 120, 5, 20, 0.25, 1000, 5000), 250);

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
  void positionsAreNamedByTheirTagsAndWhatTheLogLostIsTakenBack() {
    hub.startAt(9, List.of());
    hub.append(List.of(tagged(10, "a", 1, "created", "t1"), tagged(11, "a", 1, "created", "t2"),
        tagged(12, "b", 1, "created", "t2")));
    Caller admin = new Caller("x", Set.of(Role.ADMIN), Set.of());
    assertThat(hub.counts(LiveFilter.everything(admin)).getInteger("shimshon")).isEqualTo(2);
    // A repeat is not in the window, but a client's position can be at it.
    assertThat(hub.tagAt(11)).isEqualTo("t2");
    assertThat(hub.holds(11)).isTrue();
    assertThat(hub.tagAt(12)).isEqualTo("t2");
    assertThat(hub.holds(13)).isFalse();

    hub.rewind(11);

    assertThat(hub.lastSeq()).isEqualTo(10);
    assertThat(hub.holds(11)).isFalse();
    assertThat(hub.holds(12)).isFalse();
    assertThat(hub.handedOut("b", 1)).as("b@1 was taken back: its re-announcement is handed out").isFalse();
    assertThat(hub.handedOut("a", 1)).isTrue();
    assertThat(hub.counts(LiveFilter.everything(admin)).getInteger("shimshon")).isEqualTo(1);
    hub.append(List.of(tagged(11, "c", 1, "created", "t3"), tagged(12, "b", 1, "created", "t4")));
    assertThat(hub.after(10).keySet()).containsExactly(11L, 12L);
    assertThat(hub.tagAt(12)).isEqualTo("t4");
  }

  @Test
  void theFeedFindsWhereTheLogStopsHoldingWhatItRead() {
    java.util.Map<Long, String> read = java.util.Map.of(5L, "a", 6L, "a", 7L, "b", 8L, "c");
    // The log agrees: nothing to take back.
    assertThat(LiveFeedVerticle.divergence(5, List.of("a", "a", "b", "c"), read::get, 8, 8)).isEqualTo(-1);
    // The log holds more than the feed read so far: still agreeing.
    assertThat(LiveFeedVerticle.divergence(5, List.of("a", "a", "b", "c", "d"), read::get, 8, 9)).isEqualTo(-1);
    // Other entries from 7 on.
    assertThat(LiveFeedVerticle.divergence(5, List.of("a", "a", "x", "y"), read::get, 8, 8)).isEqualTo(7);
    // The log ends before what the feed read.
    assertThat(LiveFeedVerticle.divergence(5, List.of("a", "a"), read::get, 8, 6)).isEqualTo(7);
    assertThat(LiveFeedVerticle.divergence(5, List.of(), read::get, 8, 3)).isEqualTo(4);
    // An entry the feed holds no tag of is not compared.
    assertThat(LiveFeedVerticle.divergence(4, List.of("z", "a"), read::get, 5, 5)).isEqualTo(-1);
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

  private static LiveEvent tagged(long seq, String id, int version, String kind, String tag) {
    String entry = entry(id, version, kind);
    return LiveEvent.decode(seq, "{\"tag\":\"" + tag + "\"," + entry.substring(1));
  }

  private static LiveEvent event(long seq, String id, int version, String kind) {
    return LiveEvent.decode(seq, entry(id, version, kind));
  }

  private static String entry(String id, int version, String kind) {
    JsonObject report =
        new JsonObject()
            .put("id", id)
            .put("district", "shimshon")
            .put("category", "hazard")
            .put("status", "new")
            .put("priority", 3)
            .put("version", version)
            .put("location", new JsonObject().put("lon", 34.5).put("lat", 31.6));
    return new JsonObject().put("kind", kind).put("report", report).encode();
  }
}
