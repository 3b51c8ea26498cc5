package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.live.LiveProtocolIT.NEOT;
import static org.hamal.gateway.live.LiveProtocolIT.isAbout;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.HazelcastConfigs;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log loses entries the node's feed has already handed out, as when the owner of its
 * partition dies before the backups have them: the feed finds out by itself (a read beyond the
 * log's end, or the member's departure), takes back what it read, and its clients get fresh
 * snapshots and then every change. Here the log is lost whole, destroyed under the running node,
 * and a second member joins and leaves: the departure that always comes with such a loss.
 */
class LostLogIT {

  @TempDir Path data;

  @Test
  void whenTheLogLosesWhatTheFeedReadItsClientsGetSnapshotsAndThenEveryChange() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode node =
        RunningNode.start(data, cluster, Map.of(), "live:\n  heartbeatSeconds: 1\n")) {
      try (LiveClient client = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
        client.next("hello", 30);
        client.subscribe(new JsonObject(), null, null);
        client.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
        String first = node.report(NEOT).getString("id");
        String second = node.report(NEOT).getString("id");
        assertThat(client.next(m -> isAbout(m, "report.created", second), 30)).isNotNull();

        node.services().node().hazelcast().getRingbuffer(ClusterMaps.EVENTS).destroy();
        // The next append takes a sequence the feed has already read (the log starts again at 0).
        String third = node.report(NEOT).getString("id");
        HazelcastInstance other = Hazelcast.newHazelcastInstance(HazelcastConfigs.build(cluster));
        other.shutdown();

        JsonObject subscribed = client.next("subscribed", 30);
        assertThat(subscribed).as("no fresh snapshot after the log lost what the client was sent").isNotNull();
        assertThat(subscribed.getString("mode")).isEqualTo("snapshot");
        assertThat(subscribed.getString("reason")).isEqualTo("diverged");
        client.next(m -> "snapshot".equals(m.getString("type")) && m.getBoolean("last"), 30);
        client.next("heartbeat", 30); // past the snapshot and whatever followed it
        assertThat(client.reports()).containsKeys(first, second, third);
        // The feed reads the log as it now is: what comes after reaches the client.
        String fourth = node.report(NEOT).getString("id");
        assertThat(client.next(m -> isAbout(m, "report.created", fourth), 30)).isNotNull();
      }
    }
  }
}
