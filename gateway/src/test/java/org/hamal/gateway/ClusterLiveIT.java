package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes of one cluster: a report posted to either reaches the screens of both. */
class ClusterLiveIT {

  @TempDir Path data;

  @Test
  void reportsPostedToOneNodeReachClientsOfTheOther() throws Exception {
    ClusterOptions cluster = TestClusters.random();
    try (RunningNode a = RunningNode.start(data, cluster);
        RunningNode b = RunningNode.start(data, cluster);
        LiveClient onA = LiveClient.connect(a.liveUri(), a.token(Role.OPERATOR));
        LiveClient onB = LiveClient.connect(b.liveUri(), b.token(Role.PATROLLER, "neot-ashkelon"))) {
      assertThat(a.node().cluster().hazelcast().getCluster().getMembers()).hasSize(2);
      assertThat(onA.next(m -> m.getString("type").equals("hello"), 30)).isNotNull();
      assertThat(onB.next(m -> m.getString("type").equals("hello"), 30)).isNotNull();

      HttpResponse<String> posted = a.post("/api/v1/reports", a.token(Role.INTAKE), EndToEndIT.REPORT);
      assertThat(posted.statusCode()).isEqualTo(201);
      String id = new JsonObject(posted.body()).getString("id");

      JsonObject onOther = onB.next(m -> isCreated(m, id), 30);
      assertThat(onOther).as("pushed to the client of node B").isNotNull();
      // A patroller of the report's district sees the reporter, to call them back.
      assertThat(onOther.getJsonObject("report").getJsonObject("reporter").getString("phone"))
          .isEqualTo("050-1234567");
      assertThat(onA.next(m -> isCreated(m, id), 30)).as("pushed to the client of node A").isNotNull();

      // And the same report, read through node B.
      assertThat(b.get("/api/v1/reports/" + id, b.adminToken()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aPatrollerIsNotSentReportsOfOtherDistricts() throws Exception {
    try (RunningNode a = RunningNode.start(data, TestClusters.random());
        LiveClient patroller = LiveClient.connect(a.liveUri(), a.token(Role.PATROLLER, "shimshon"));
        LiveClient operator = LiveClient.connect(a.liveUri(), a.token(Role.OPERATOR))) {
      assertThat(patroller.next(m -> m.getString("type").equals("hello"), 30)).isNotNull();
      assertThat(operator.next(m -> m.getString("type").equals("hello"), 30)).isNotNull();

      // neot-ashkelon first, then shimshon: the patroller must see only the second.
      String other = idOf(a.post("/api/v1/reports", a.adminToken(), EndToEndIT.REPORT));
      String mine =
          idOf(
              a.post(
                  "/api/v1/reports",
                  a.adminToken(),
                  EndToEndIT.REPORT.replace("34.5712", "34.545").replace("31.6688", "31.655")));

      assertThat(operator.next(m -> isCreated(m, mine), 30)).isNotNull();
      JsonObject first = patroller.next(m -> m.getString("type").equals("report.created"), 30);
      assertThat(first.getJsonObject("report").getString("id")).isEqualTo(mine);
      assertThat(first.getJsonObject("report").getString("district")).isEqualTo("shimshon");
      assertThat(other).isNotEqualTo(mine);
    }
  }

  private static String idOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("id");
  }

  private static boolean isCreated(JsonObject m, String id) {
    return m.getString("type").equals("report.created")
        && m.getJsonObject("report").getString("id").equals(id);
  }
}
