package org.hamal.gateway.live;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hamal.gateway.http.ApiError;
import org.hamal.gateway.http.ErrorResponses;

/**
 * {@code POST /bench/fanout {"events":N,"via":"hub"|"bare"}}, served only with
 * {@code bench.fanoutEndpoint}: fan-out on this node against a bare loop, in the same run.
 *
 * <ul>
 *   <li>{@code hub}: N synthetic {@code report.created} events through the node's real delivery
 *       path — handed to every socket group in the feed's batches, then per client: filter,
 *       budget, send-buffer check, coalescing, the frame encoded once per node. Only the database,
 *       Hazelcast and the change log are left out; the events are not stored, not counted and not
 *       kept for resumes, and move no client's position.
 *   <li>{@code bare}: one pre-encoded frame of the same size written N times to every live socket,
 *       waiting for a full send buffer to drain.
 * </ul>
 *
 * The synthetic reports are marked: ids {@code bench-<run>-<n>}, district {@code bench},
 * {@code "synthetic":true}. Answers once every frame is handed to the network (coalesced ones
 * follow at the next tick) with the number of clients reached; clients count what arrives.
 */
public final class FanoutBench implements Handler<RoutingContext> {

  static final int MAX_EVENTS = 1_000_000;
  private static final long TIMEOUT_SECONDS = 300;

  private final LiveHub hub;
  /** Run numbers keep ids unique across runs and the server verticles (one handler each). */
  private static final AtomicLong RUNS = new AtomicLong();

  public FanoutBench(LiveHub hub) {
    this.hub = hub;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(ApiError.malformed("malformed_json", "the body must be a JSON object", null));
      return;
    }
    if (body == null || !(body.getValue("events") instanceof Integer n) || n < 1 || n > MAX_EVENTS) {
      ctx.fail(ApiError.invalid("out_of_range", "events is an integer from 1 to " + MAX_EVENTS, "events"));
      return;
    }
    String via = String.valueOf(body.getValue("via"));
    if (!via.equals("hub") && !via.equals("bare")) {
      ctx.fail(ApiError.invalid("out_of_range", "via is hub or bare", "via"));
      return;
    }
    long run = RUNS.incrementAndGet();
    long seq = hub.lastSeq();
    long started = System.nanoTime();
    Future<Integer> reached =
        via.equals("hub")
            ? hub.inject(events(run, seq, n))
            : hub.writeBare(LiveEvent.synthetic(seq, report(run, "bare")).frame(true), n);
    reached
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .onSuccess(
            clients ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("via", via)
                            .put("events", n)
                            .put("subscribers", clients)
                            .put("millis", (System.nanoTime() - started) / 1e6)
                            .toBuffer()))
        .onFailure(err -> ErrorResponses.send(ctx, 503, "unavailable", "fan-out did not finish: " + err.getMessage(), null));
  }

  private static List<LiveEvent> events(long run, long seq, int n) {
    List<LiveEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(LiveEvent.synthetic(seq, report(run, String.valueOf(i))));
    }
    return events;
  }

  /** A report of the usual shape and size (about 500 bytes encoded), marked synthetic. */
  private static JsonObject report(long run, String n) {
    String now = java.time.OffsetDateTime.now().toString();
    return new JsonObject()
        .put("id", "bench-" + run + "-" + n)
        .put("district", "bench")
        .put("category", "other")
        .put("priority", 1)
        .put("status", "new")
        .put("assignee", null)
        .put("receivedAt", now)
        .put("updatedAt", now)
        .put("location", new JsonObject().put("lon", 34.5712).put("lat", 31.6688))
        .put("description", "Synthetic fan-out benchmark event; not a report. Nothing of it is stored.")
        .put("channel", "web")
        .put("routing", new JsonObject().put("layerVersion", "bench").put("snapped", false).put("distanceM", 0.0))
        .put("version", 1)
        .put("synthetic", true);
  }
}
