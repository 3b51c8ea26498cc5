package org.hamal.cluster.patrollers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.Eventually;
import org.hamal.cluster.TestClusters;
import org.hamal.cluster.processors.PatrollerPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The patrollers on duty, on a real Hazelcast member. */
class PatrollerPositionsTest {

  private static final PatrollerOptions OPTIONS = new PatrollerOptions(10, 20, 15, 60, 5, 100_000);

  private ClusterNode node;
  private PatrollerPositions positions;

  @BeforeEach
  void join() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void leave() throws Exception {
    if (positions != null) {
      positions.stop();
    }
    node.leave().await(60, TimeUnit.SECONDS);
  }

  @Test
  void aPatrollerNotHeardFromForTheForgetTimeIsNotShownWhateverTheMapHolds() throws Exception {
    // An entry the node copies at start though it is gone by now (removed as it was copied, or
    // its removal never heard of): it is not shown once it is older than forgetAfterMinutes.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    node.hazelcast().<String, PatrollerPosition>getMap(ClusterMaps.PATROLLERS)
        .set("patrol-old", PatrollerPosition.first("patrol-old", List.of("shimshon"), 34.5, 31.6, null,
            now.minus(Duration.ofMinutes(61))));
    positions = new PatrollerPositions(node, OPTIONS, 10_000).start().await(30, TimeUnit.SECONDS);
    assertThat(positions.known()).isEmpty();

    assertThat(positions.report("patrol-7", List.of("shimshon"), 34.51, 31.61, 8.0).await(30, TimeUnit.SECONDS))
        .isInstanceOf(PatrollerPositions.Accepted.class);
    assertThat(untilKnown("patrol-7")).extracting(PatrollerPosition::subject).containsExactly("patrol-7");
  }

  @Test
  void aSecondPositionWithinTheIntervalIsToldWhenToTryAgain() throws Exception {
    positions = new PatrollerPositions(node, OPTIONS, 10_000).start().await(30, TimeUnit.SECONDS);
    assertThat(positions.report("patrol-7", List.of("shimshon"), 34.51, 31.61, null).await(30, TimeUnit.SECONDS))
        .isInstanceOf(PatrollerPositions.Accepted.class);
    PatrollerPositions.Outcome again =
        positions.report("patrol-7", List.of("shimshon"), 34.52, 31.61, null).await(30, TimeUnit.SECONDS);
    assertThat(again).isInstanceOf(PatrollerPositions.TooFrequent.class);
    assertThat(((PatrollerPositions.TooFrequent) again).retryAfterSeconds()).isBetween(1L, 10L);
    assertThat(positions.all().await(30, TimeUnit.SECONDS)).singleElement()
        .satisfies(p -> assertThat(p.lon()).isEqualTo(34.51));
  }

  /** Polls until this node's copy holds the subject (it hears of changes from the map's events). */
  private List<PatrollerPosition> untilKnown(String subject) throws Exception {
    return Eventually.until(positions::known, known -> known.stream().anyMatch(p -> p.subject().equals(subject)), Duration.ofSeconds(30));
  }
}
