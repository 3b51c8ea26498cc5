package org.hamal.cluster.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTest {

  private static final Alert.Area SOUTH = new Alert.Area("ashkelon-south", "אשקלון - דרום", "Ashkelon - South", 30);
  private static final Alert.Area NORTH = new Alert.Area("ashkelon-north", "אשקלון - צפון", "Ashkelon - North", 30);

  private static Alert alert() {
    return new Alert("0193a6e2", "oref-1", "rockets", Alert.ACTIVE, 600, List.of(SOUTH), List.of("barnea", "agamim"),
        1_000L, 601_000L, null, null, "oref-relay",
        List.of(new Alert.Patroller("patrol-7", List.of("barnea"), 5_000L)), 3);
  }

  @Test
  void theMapsJsonGivesTheSameAlertBack() {
    Alert a = alert();
    assertThat(Alert.fromJson(new JsonObject(a.toJson().encode()))).isEqualTo(a);
    Alert cleared = new Alert(a.id(), a.sourceId(), a.threat(), Alert.CLEARED, 600, a.areas(), a.districts(),
        a.startedAt(), a.endsAt(), 9_000L, "dana", a.createdBy(), a.patrollers(), 4);
    assertThat(Alert.fromJson(new JsonObject(cleared.toJson().encode()))).isEqualTo(cleared);
  }

  @Test
  void joiningAddsOnlyWhatIsNew() {
    Alert joined = alert().joinedWith(
        List.of(SOUTH, NORTH), List.of("agamim", "shimshon"),
        List.of(new Alert.Patroller("patrol-7", List.of("barnea"), null), new Alert.Patroller("patrol-9", List.of("shimshon"), null)));
    assertThat(joined.areaIds()).containsExactly("ashkelon-south", "ashkelon-north");
    assertThat(joined.districts()).containsExactly("barnea", "agamim", "shimshon");
    assertThat(joined.patrollers()).extracting(Alert.Patroller::id).containsExactly("patrol-7", "patrol-9");
    assertThat(joined.patrollers().get(0).safeAt()).as("the first kept").isEqualTo(5_000L);
    assertThat(joined.version()).isEqualTo(3);
  }
}
