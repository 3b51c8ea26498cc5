package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.processors.OpenReport;
import org.hamal.cluster.processors.OpenReportKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real Hazelcast members in this JVM, on loopback, in a cluster of their own. */
class ClusterNodeTest {

  private ClusterNode a;
  private ClusterNode b;

  @AfterEach
  void leave() {
    for (ClusterNode n : new ClusterNode[] {a, b}) {
      if (n != null) {
        n.leave().await();
      }
    }
  }

  @Test
  void membersShareMapsPartitionedByDistrict() throws Exception {
    ClusterOptions options = TestClusters.random();
    a = ClusterNode.join(options, new VertxOptions()).await(60, TimeUnit.SECONDS);
    b = ClusterNode.join(options, new VertxOptions()).await(60, TimeUnit.SECONDS);
    assertThat(a.hazelcast().getCluster().getMembers()).hasSize(2);
    assertThat(a.isMember()).isTrue();

    OpenReports open = new OpenReports(a.hazelcast(), 10_000);
    JsonObject r1 = new JsonObject().put("id", "r1").put("district", "shimshon");
    open.update(a.vertx().getOrCreateContext(), java.util.List.of(OpenReports.Entry.of(r1, r1.encode())), true)
        .await(10, TimeUnit.SECONDS);
    OpenReport seen =
        b.hazelcast()
            .<OpenReportKey, OpenReport>getMap(ClusterMaps.OPEN_REPORTS)
            .get(OpenReports.key("r1", "shimshon"));
    assertThat(new JsonObject(seen.json()).getString("id")).isEqualTo("r1");
    // One district, one partition.
    assertThat(a.hazelcast().getPartitionService().getPartition(OpenReports.key("r2", "shimshon")))
        .isEqualTo(a.hazelcast().getPartitionService().getPartition(OpenReports.key("r1", "shimshon")));
  }
}
