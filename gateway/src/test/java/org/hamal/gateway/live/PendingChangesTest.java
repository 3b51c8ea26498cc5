package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PendingChangesTest {

  @Test
  void theLatestChangeOfEachReportInTheOrderOfLatestChangesAndTheLowOnesFolded() {
    PendingChanges pending = new PendingChanges();
    assertThat(pending.put(LiveEventTest.report("created", "r-1", 1, 5), false, 10)).isTrue();
    pending.put(LiveEventTest.report("created", "r-2", 1, 2), false, 10);
    pending.put(LiveEventTest.report("updated", "r-1", 2, 5), false, 10);
    pending.put(LiveEventTest.report("closed", "r-3", 3, 5), true, 10);

    JsonObject batch = new JsonObject(pending.drain(4, true, 0).build(9, null, new JsonObject())
        .toString(StandardCharsets.UTF_8));

    assertThat(batch.getJsonArray("reports").stream().map(r -> ((JsonObject) r).getString("id")).toList())
        .containsExactly("r-1");
    assertThat(batch.getJsonArray("reports").getJsonObject(0).getInteger("version")).isEqualTo(2);
    assertThat(batch.getJsonArray("folded")).isEqualTo(new JsonArray().add("r-2"));
    assertThat(batch.getJsonArray("removed")).isEqualTo(new JsonArray().add("r-3"));
    assertThat(pending.isEmpty()).isTrue();
  }

  @Test
  void underPressureTheReportsOfAnIncidentAreFoldedIntoIt() {
    PendingChanges pending = new PendingChanges();
    LiveEvent alone = LiveEventTest.report("created", "r-1", 1, 5);
    LiveEvent inIncident = LiveEvent.decode(2, new JsonObject().put("kind", "created").put("report",
        new JsonObject().put("id", "r-2").put("district", "shimshon").put("priority", 5).put("status", "new")
            .put("incident", "i-1").put("version", 1)
            .put("location", new JsonObject().put("lon", 34.545).put("lat", 31.655))).encode());
    pending.put(alone, false, 10);
    pending.put(inIncident, false, 10);

    JsonObject batch = new JsonObject(pending.drain(1, true, 6).build(9, null, new JsonObject())
        .toString(StandardCharsets.UTF_8));

    assertThat(batch.getJsonArray("reports").stream().map(r -> ((JsonObject) r).getString("id")).toList())
        .containsExactly("r-1");
    assertThat(batch.getJsonArray("folded")).isEqualTo(new JsonArray().add("r-2"));
  }

  @Test
  void beyondItsBoundItDropsEverythingAndSaysSo() {
    PendingChanges pending = new PendingChanges();
    assertThat(pending.put(LiveEventTest.report("created", "r-1", 1, 5), false, 2)).isTrue();
    assertThat(pending.put(LiveEventTest.report("created", "r-2", 1, 5), false, 2)).isTrue();
    assertThat(pending.put(LiveEventTest.report("created", "r-1", 2, 5), false, 2)).as("the same report").isTrue();
    assertThat(pending.put(LiveEventTest.report("created", "r-3", 1, 5), false, 2)).isFalse();
    assertThat(pending.isEmpty()).isTrue();
  }
}
