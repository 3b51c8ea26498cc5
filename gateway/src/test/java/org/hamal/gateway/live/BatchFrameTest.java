package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BatchFrameTest {

  @Test
  void putsTogetherTheDocumentedBatchFromPreEncodedReports() {
    JsonObject first = new JsonObject().put("id", "r-1").put("description", "עץ נפל על הכביש \"דחוף\"");
    JsonObject second = new JsonObject().put("id", "r-2").put("priority", 3);
    JsonObject incident = new JsonObject().put("id", "i-1").put("count", 12);
    BatchFrame batch = new BatchFrame();
    batch.report(Frames.encode(first.encode()));
    batch.report(Frames.encode(second.encode()));
    batch.removed("r-\"3\"");
    batch.incident(Frames.encode(incident.encode()));
    batch.incidentClosed("i-2");
    batch.folded("r-4");
    batch.folded("r-5");

    ByteBuf frame = batch.build(42, "k3x9", new JsonObject().put("shimshon", 7));

    assertThat(new JsonObject(frame.toString(StandardCharsets.UTF_8)))
        .isEqualTo(
            new JsonObject()
                .put("type", "batch")
                .put("seq", 42)
                .put("tag", "k3x9")
                .put("reports", new JsonArray().add(first).add(second))
                .put("removed", new JsonArray().add("r-\"3\""))
                .put("incidents", new JsonArray().add(incident))
                .put("incidentsClosed", new JsonArray().add("i-2"))
                .put("folded", new JsonArray().add("r-4").add("r-5"))
                .put("counts", new JsonObject().put("shimshon", 7)));
  }

  @Test
  void anEmptyBatchIsStillAWholeMessage() {
    ByteBuf frame = new BatchFrame().build(0, null, new JsonObject());
    JsonObject message = new JsonObject(frame.toString(StandardCharsets.UTF_8));
    assertThat(message.containsKey("tag")).as("a position without a known tag has none").isFalse();
    assertThat(message.getJsonArray("reports")).isEmpty();
    assertThat(message.getJsonArray("removed")).isEmpty();
    assertThat(message.getJsonArray("folded")).isEmpty();
    assertThat(message.getJsonObject("counts")).isEmpty();
  }

  @Test
  void aSharedReportIsCopiedWithoutMovingItsReaderIndex() {
    ByteBuf shared = Frames.encode(new JsonObject().put("id", "r-1").encode());
    BatchFrame one = new BatchFrame();
    one.report(shared);
    BatchFrame two = new BatchFrame();
    two.report(shared);
    assertThat(one.build(1, null, new JsonObject()).toString(StandardCharsets.UTF_8))
        .isEqualTo(two.build(1, null, new JsonObject()).toString(StandardCharsets.UTF_8));
    assertThat(shared.readerIndex()).isZero();
  }
}
