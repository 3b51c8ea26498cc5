package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.live.LiveProtocolIT.isAbout;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot taken for one client is given to clients of the same filter that ask within
 * {@code live.snapshotShareMillis} (docs/live-protocol.md): each starts at its position and gets
 * every change since from the stream, once, whichever of the node's event loops it is on. A share
 * time no test outlasts, so that what is shared does not depend on timing; a window of a few
 * events, so that a shared snapshot can fall out of it; pages of two items.
 */
class SnapshotSharingIT {

  private static final int WINDOW_EVENTS = 20;
  /** Small pages: every snapshot here spans several. */
  private static final int PAGE_SIZE = 2;

  @RegisterExtension
  static final RunningNode node =
      RunningNode.extension()
          .withConfig("""
            live:
              snapshotShareMillis: 600000
              snapshotPageSize: %d
              windowEvents: %d
            """.formatted(PAGE_SIZE, WINDOW_EVENTS));

  @Test
  void aClientAskingAfterAnotherGetsItsSnapshotAndThenEveryChangeSinceOnce() throws Exception {
    String before = node.report(LiveProtocolIT.NEOT).getString("id");
    JsonObject filter = new JsonObject().put("districts", new JsonArray().add("neot-ashkelon"));
    List<LiveClient> clients = new ArrayList<>();
    try {
      LiveClient first = connect(clients, Role.OPERATOR);
      first.subscribe(filter, null, null);
      long asOf = first.next("subscribed", 30).getLong("seq");
      assertThat(ids(snapshot(first))).contains(before);

      // Changes after the snapshot was taken: a new report, and the old one moved on.
      String created = node.report(LiveProtocolIT.NEOT).getString("id");
      patch(before, "{\"status\":\"acknowledged\"}");
      first.next(m -> isAbout(m, "report.updated", before), 30);

      // A screen (no personal data) and an operator ask later: they get the same snapshot.
      for (Role role : List.of(Role.DISPLAY, Role.OPERATOR)) {
        LiveClient late = connect(clients, role);
        late.subscribe(filter, null, null);
        JsonObject subscribed = late.next("subscribed", 30);
        assertThat(subscribed.getString("mode")).isEqualTo("snapshot");
        assertThat(subscribed.getLong("seq")).as("the shared snapshot's position").isEqualTo(asOf);
        JsonArray reports = snapshot(late).getJsonArray("reports");
        assertThat(LiveProtocolIT.ids(reports)).contains(before).doesNotContain(created);
        assertThat(reports.stream().anyMatch(r -> ((JsonObject) r).containsKey("reporter")))
            .as("personal data for %s", role)
            .isEqualTo(role == Role.OPERATOR);

        // Then what happened since, from the stream, each once, up to a marker posted now.
        String marker = node.report(LiveProtocolIT.NEOT).getString("id");
        List<JsonObject> since = new ArrayList<>();
        late.next(m -> !since.add(m) || isAbout(m, "report.created", marker), 30);
        assertThat(since.stream().filter(m -> isAbout(m, "report.created", created))).hasSize(1);
        assertThat(since.stream().filter(m -> isAbout(m, "report.updated", before))).hasSize(1);
        assertThat(late.reports().get(before).getString("status")).isEqualTo("acknowledged");
        assertThat(late.reports()).containsKeys(created, marker);
      }
    } finally {
      clients.forEach(LiveClient::close);
    }
  }

  @Test
  void aSharedSnapshotThatFellOutOfTheWindowIsTakenAfresh() throws Exception {
    JsonObject filter = new JsonObject().put("districts", new JsonArray().add("shimshon"));
    List<LiveClient> clients = new ArrayList<>();
    try {
      LiveClient first = connect(clients, Role.OPERATOR);
      first.subscribe(filter, null, null);
      long asOf = first.next("subscribed", 30).getLong("seq");
      snapshot(first);

      // More changes than the node keeps for catching up: that snapshot can no longer be resumed.
      List<String> created = new ArrayList<>();
      for (int i = 0; i < WINDOW_EVENTS + 2; i++) {
        created.add(node.report(LiveProtocolIT.SHIMSHON).getString("id"));
      }
      String last = created.get(created.size() - 1);
      first.next(m -> isAbout(m, "report.created", last), 30);

      LiveClient late = connect(clients, Role.OPERATOR);
      late.subscribe(filter, null, null);
      JsonObject subscribed = late.next("subscribed", 30);
      assertThat(subscribed.getLong("seq")).as("a fresh snapshot's position").isGreaterThan(asOf);
      assertThat(ids(snapshot(late))).containsAll(created);
    } finally {
      clients.forEach(LiveClient::close);
    }
  }

  @Test
  void aSnapshotsIncidentsArePagedAfterItsReports() throws Exception {
    // One place, three categories: three incidents, more than the last page would hold with them all.
    List<String> reports = new ArrayList<>();
    for (String category : List.of("fire", "hazard", "water")) {
      reports.add(node.report(LiveProtocolIT.FIRE_IN_BARNEA.replace("fire", category)).getString("id"));
    }
    List<LiveClient> clients = new ArrayList<>();
    try {
      LiveClient client = connect(clients, Role.OPERATOR);
      client.subscribe(new JsonObject().put("districts", new JsonArray().add("barnea")), null, null);
      client.next("subscribed", 30);
      JsonObject snapshot = snapshot(client);
      assertThat(ids(snapshot)).containsExactlyInAnyOrderElementsOf(reports);
      java.util.Set<String> grouped = new java.util.HashSet<>();
      snapshot.getJsonArray("reports").forEach(r -> grouped.add(((JsonObject) r).getString("incident")));
      assertThat(grouped).doesNotContainNull().hasSize(3);
      assertThat(snapshot.getJsonArray("incidents").stream().map(i -> ((JsonObject) i).getString("id")))
          .containsExactlyInAnyOrderElementsOf(grouped);
      int items = reports.size() + grouped.size();
      assertThat(snapshot.getInteger("pages")).isEqualTo((items + PAGE_SIZE - 1) / PAGE_SIZE);
    } finally {
      clients.forEach(LiveClient::close);
    }
  }

  private static LiveClient connect(List<LiveClient> clients, Role role) throws Exception {
    LiveClient client = LiveClient.connect(node.liveUri(), node.token(role));
    clients.add(client);
    client.next("hello", 30);
    return client;
  }

  /**
   * Reads a snapshot's pages, checking each is numbered in turn and holds at most a page of items;
   * returns their reports and incidents together.
   */
  private static JsonObject snapshot(LiveClient client) throws InterruptedException {
    JsonArray reports = new JsonArray();
    JsonArray incidents = new JsonArray();
    for (int expected = 1; ; expected++) {
      JsonObject page = client.next("snapshot", 30);
      assertThat(page).as("snapshot page %d", expected).isNotNull();
      assertThat(page.getInteger("page")).isEqualTo(expected);
      assertThat(page.getJsonArray("reports").size() + page.getJsonArray("incidents").size())
          .as("items on page %d", expected)
          .isBetween(page.getInteger("pages") == 1 ? 0 : 1, PAGE_SIZE);
      reports.addAll(page.getJsonArray("reports"));
      incidents.addAll(page.getJsonArray("incidents"));
      if (page.getBoolean("last")) {
        assertThat(page.getInteger("pages")).isEqualTo(expected);
        return new JsonObject().put("reports", reports).put("incidents", incidents).put("pages", expected);
      }
    }
  }

  private static void patch(String id, String body) throws Exception {
    var r = node.patch("/api/v1/reports/" + id, node.adminToken(), body, Map.of());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static List<String> ids(JsonObject page) {
    return LiveProtocolIT.ids(page.getJsonArray("reports"));
  }
}
