package org.hamal.surge.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.hamal.surge.audit.Scope;
import org.junit.jupiter.api.Test;

class LiveProtocolTest {

  @Test
  void helloGivesTheTokensScope() {
    LiveProtocol.Message all =
        LiveProtocol.parse("{\"type\":\"hello\",\"node\":\"n\",\"layerVersion\":\"v\",\"roles\":[\"display\"]}");
    assertThat(all).isEqualTo(new LiveProtocol.Hello(List.of("display"), null));
    assertThat(((LiveProtocol.Hello) all).scope().expects("anywhere", "fire")).isTrue();

    LiveProtocol.Hello patroller =
        (LiveProtocol.Hello) LiveProtocol.parse(
            "{\"type\":\"hello\",\"roles\":[\"patroller\"],\"districts\":[\"shimshon\",\"barnea\"]}");
    assertThat(patroller.scope().districts()).containsExactlyInAnyOrder("shimshon", "barnea");
    assertThat(patroller.scope().expects("barnea", "noise")).isTrue();
    assertThat(patroller.scope().expects("afridar", "noise")).isFalse();
  }

  @Test
  void reportCreatedGivesIdDistrictAndCategory() {
    String frame =
        "{\"type\":\"report.created\",\"report\":{\"id\":\"01a2\",\"district\":\"barnea\","
            + "\"category\":\"fire\",\"status\":\"new\",\"location\":{\"lon\":34.5,\"lat\":31.6}}}";
    assertThat(LiveProtocol.parse(frame)).isEqualTo(new LiveProtocol.Created("01a2", "barnea", "fire", 0));
  }

  @Test
  void readsOnlyWhatItNeedsInAnyFieldOrder() {
    String frame =
        "{\"seq\":7,\"report\":{\"location\":{\"lon\":34.5,\"lat\":31.6},\"tags\":[[1],{\"id\":\"inner\"}],"
            + "\"category\":\"fire\",\"id\":\"01a3\",\"district\":\"migdal\"},\"type\":\"report.created\"}";
    assertThat(LiveProtocol.parse(frame)).isEqualTo(new LiveProtocol.Created("01a3", "migdal", "fire", 0));
    assertThat(LiveProtocol.parse("{\"type\":\"report.created\",\"report\":{\"id\":\"cut"))
        .isInstanceOf(LiveProtocol.Other.class);
  }

  @Test
  void unknownTypesAndGarbageAreIgnored() {
    assertThat(LiveProtocol.parse("{\"type\":\"heartbeat\"}")).isEqualTo(new LiveProtocol.Other("heartbeat"));
    assertThat(LiveProtocol.parse("not json")).isInstanceOf(LiveProtocol.Other.class);
    assertThat(LiveProtocol.parse("{\"type\":\"report.created\"}")).isInstanceOf(LiveProtocol.Other.class);
  }

  @Test
  void subscribeCarriesTheFilter() {
    assertThat(LiveProtocol.subscribe(Scope.EVERYTHING)).isNull();
    Scope filter = LiveProtocol.parseFilter("districts=barnea,afridar;categories=fire");
    JsonObject message = new JsonObject(LiveProtocol.subscribe(filter));
    assertThat(message.getString("type")).isEqualTo("subscribe");
    assertThat(message.getJsonObject("filter").getJsonArray("districts").getList())
        .containsExactly("afridar", "barnea");
    assertThat(message.getJsonObject("filter").getJsonArray("categories").getList()).containsExactly("fire");
    assertThat(filter.and(new Scope(Set.of("barnea", "migdal"), null)).districts()).containsExactly("barnea");
    assertThat(LiveProtocol.parseFilter("all")).isEqualTo(Scope.EVERYTHING);
    assertThatThrownBy(() -> LiveProtocol.parseFilter("colours=red")).hasMessageContaining("colours");
  }

  @Test
  void connectsWithTheBearerHeaderToTheLivePath() {
    var options = LiveProtocol.connectOptions(java.net.URI.create("http://127.0.0.1:8123"), "t0k");
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.getPort()).isEqualTo(8123);
    assertThat(options.getURI()).isEqualTo("/api/v1/live");
    assertThat(options.getHeaders().get("Authorization")).isEqualTo("Bearer t0k");
  }

  @Test
  void coalescedBatchesAndSnapshotPagesDeliverTheirReports() {
    String batch =
        "{\"type\":\"batch\",\"seq\":9,\"tag\":\"k3\",\"reports\":[{\"id\":\"a\",\"district\":\"barnea\",\"category\":\"fire\","
            + "\"version\":1},{\"id\":\"b\",\"district\":\"migdal\",\"category\":\"noise\",\"version\":3}],"
            + "\"removed\":[],\"counts\":{}}";
    assertThat(LiveProtocol.parse(batch))
        .isEqualTo(
            new LiveProtocol.Reports(
                java.util.List.of(
                    new LiveProtocol.Created("a", "barnea", "fire", 1),
                    new LiveProtocol.Created("b", "migdal", "noise", 3))));
    LiveProtocol.Frame frame = LiveProtocol.read(batch);
    assertThat(frame.seq()).isEqualTo(9);
    assertThat(frame.tag()).isEqualTo("k3");
    assertThat(((LiveProtocol.Reports) frame.message()).reports()).extracting(LiveProtocol.Created::updated)
        .containsExactly(false, true);
  }

  @Test
  void aBatchsFoldedIdsAreReadAndAreAbsentFromOlderBatchesAndSnapshots() {
    String batch =
        "{\"type\":\"batch\",\"seq\":812,\"tag\":\"k3j2\",\"reports\":[{\"id\":\"a\",\"district\":\"barnea\","
            + "\"category\":\"fire\",\"priority\":5,\"version\":1}],\"removed\":[\"r\"],\"incidents\":[{\"id\":\"i1\"}],"
            + "\"incidentsClosed\":[],\"folded\":[\"01a2\",\"01a3\"],\"counts\":{\"afridar\":12}}";
    LiveProtocol.Frame frame = LiveProtocol.read(batch);
    assertThat(frame.message())
        .isEqualTo(
            new LiveProtocol.Reports(
                java.util.List.of(new LiveProtocol.Created("a", "barnea", "fire", 1)), java.util.List.of("01a2", "01a3")));
    assertThat(frame.seq()).isEqualTo(812);
    assertThat(frame.tag()).isEqualTo("k3j2");
    // A node before folded ids: none. An empty array: none. A snapshot never folds.
    assertThat(((LiveProtocol.Reports) LiveProtocol.parse("{\"type\":\"batch\",\"seq\":1,\"reports\":[]}")).folded())
        .isEmpty();
    assertThat(((LiveProtocol.Reports) LiveProtocol.parse("{\"type\":\"batch\",\"seq\":1,\"folded\":[]}")).folded())
        .isEmpty();
    assertThat(((LiveProtocol.Reports) LiveProtocol.parse("{\"type\":\"snapshot\",\"seq\":1,\"folded\":[\"x\"]}")).folded())
        .isEmpty();
    // Not an array, or other values in it: skipped.
    assertThat(((LiveProtocol.Reports) LiveProtocol.parse("{\"type\":\"batch\",\"folded\":\"x\",\"seq\":2}")).folded())
        .isEmpty();
    assertThat(((LiveProtocol.Reports) LiveProtocol.parse("{\"type\":\"batch\",\"folded\":[1,\"y\",{\"id\":\"z\"}]}")).folded())
        .containsExactly("y");
  }

  @Test
  void countsTheFanoutBenchmarksSyntheticReportsInSinglesAndBatches() {
    io.vertx.core.buffer.Buffer single =
        io.vertx.core.buffer.Buffer.buffer(
            "{\"type\":\"report.created\",\"seq\":1234567,\"report\":{\"id\":\"bench-3-17\",\"district\":\"bench\"}}");
    assertThat(LiveProtocol.countSynthetic(single)).isEqualTo(new LiveProtocol.Synthetic(1, 0));
    io.vertx.core.buffer.Buffer real =
        io.vertx.core.buffer.Buffer.buffer(
            "{\"type\":\"report.created\",\"seq\":9,\"report\":{\"id\":\"01a2\",\"description\":\"bench-\"}}");
    assertThat(LiveProtocol.countSynthetic(real).total()).isZero();
    io.vertx.core.buffer.Buffer batch =
        io.vertx.core.buffer.Buffer.buffer(
            "{\"type\":\"batch\",\"seq\":9,\"reports\":[{\"id\":\"bench-1-1\",\"location\":{\"lon\":1}},{\"id\":\"01a2\"},"
                + "{\"id\":\"bench-1-2\"}],\"removed\":[\"bench-1-3\"],\"counts\":{}}");
    assertThat(LiveProtocol.countSynthetic(batch)).isEqualTo(new LiveProtocol.Synthetic(0, 2));
    io.vertx.core.buffer.Buffer hello = io.vertx.core.buffer.Buffer.buffer("{\"type\":\"hello\",\"protocol\":1}");
    assertThat(LiveProtocol.countSynthetic(hello)).isEqualTo(LiveProtocol.Synthetic.NONE);
    assertThat(LiveProtocol.isHello(hello)).isTrue();
    assertThat(LiveProtocol.isHello(single)).isFalse();
  }

  @Test
  void alertMessagesGiveTheAlertsIdSourceAndStatusAndNothingElseDoes() {
    String alert =
        "{\"type\":\"alert\",\"alert\":{\"id\":\"0193a6e2\",\"sourceId\":\"oref-1733582210\","
            + "\"threat\":\"rockets\",\"areas\":[{\"id\":\"ashkelon-south\"}],\"status\":\"active\","
            + "\"patrollers\":[{\"id\":\"patrol-7\",\"safeAt\":null}]}}";
    assertThat(LiveProtocol.alert(alert)).isEqualTo(new LiveProtocol.AlertChange("0193a6e2", "oref-1733582210", "active"));
    assertThat(LiveProtocol.alert(alert).active()).isTrue();

    // Fields in another order, the message's type last.
    String cleared =
        "{\"alert\":{\"patrollers\":[],\"status\":\"cleared\",\"sourceId\":\"s\",\"id\":\"i\"},\"type\":\"alert\"}";
    assertThat(LiveProtocol.alert(cleared)).isEqualTo(new LiveProtocol.AlertChange("i", "s", "cleared"));
    assertThat(LiveProtocol.alert(cleared).active()).isFalse();

    assertThat(LiveProtocol.alert("{\"type\":\"alerts\",\"alerts\":[]}")).isNull();
    assertThat(LiveProtocol.alert("{\"type\":\"mode\",\"mode\":\"EMERGENCY\"}")).isNull();
    assertThat(LiveProtocol.alert("not json")).isNull();
  }
}
