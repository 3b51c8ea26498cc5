package org.hamal.surge.fanout;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hamal.surge.live.LiveClients;
import org.hamal.surge.live.LiveProtocol;
import org.hamal.surge.report.Results;

/**
 * {@code surge fanout}: opens the subscribers on one node, then asks the node, round after round,
 * to send N events to all of them through its real delivery path ({@code hub}) and through a bare
 * loop writing one pre-encoded frame ({@code bare}), and measures how fast every subscriber has
 * them all. The node must serve {@code POST /bench/fanout} ({@code HAMAL_BENCH_FANOUT=true}).
 */
public final class Fanout implements Callable<Integer> {

  public static final String PATH = "/bench/fanout";
  private static final long SETUP_SECONDS = 120;

  public record Settings(
      URI target, String token, int subscribers, int events, int rounds, int warmupRounds, long pauseMillis,
      long roundTimeoutMillis, int eventLoops, Path out) {}

  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<Tally> current = new AtomicReference<>();

  public Fanout(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    return LiveClients.onVertx(settings.eventLoops(), this::run);
  }

  private int run(Vertx vertx) throws Exception {
    String startedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    HttpResponse<String> probe = trigger("bare", 1).get(SETUP_SECONDS, TimeUnit.SECONDS);
    if (probe.statusCode() != 200) {
      err.println("surge: POST " + PATH + " answered " + probe.statusCode() + " " + probe.body()
          + (probe.statusCode() == 404 ? "; start the node with HAMAL_BENCH_FANOUT=true" : "")
          + (probe.statusCode() == 401 || probe.statusCode() == 403 ? "; an admin token is needed" : ""));
      return 1;
    }
    WebSocketClient client = LiveClients.client(vertx, settings.subscribers());
    List<Future<WebSocket>> connecting = new ArrayList<>();
    for (int i = 0; i < settings.subscribers(); i++) {
      connecting.add(connect(vertx, client, i));
    }
    try {
      Future.all(connecting).await(SETUP_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("surge: subscribers could not connect: " + e.getMessage());
      return 1;
    }
    List<WebSocket> sockets = connecting.stream().map(Future::result).toList();
    long keepalive = LiveClients.keepAlive(vertx, sockets);
    err.printf("surge fanout: %d subscribers on %s, %d events per round, %d warm-up and %d measured rounds%n",
        sockets.size(), settings.target(), settings.events(), settings.warmupRounds(), settings.rounds());

    Rounds warm = new Rounds();
    Rounds measured = new Rounds();
    for (int r = 1; r <= settings.warmupRounds() + settings.rounds(); r++) {
      boolean warming = r <= settings.warmupRounds();
      // Alternate which goes first, so that a drift of the machine favours neither.
      for (String via : r % 2 == 1 ? List.of("bare", "hub") : List.of("hub", "bare")) {
        Rounds.Round round = round(warming ? -r : r - settings.warmupRounds(), via);
        (warming ? warm : measured).add(round);
        err.printf("surge fanout: %s round %d %s: %,.0f deliveries/s in %.3f s%s%n",
            warming ? "warm-up" : "measured", Math.abs(round.number()), via, round.perSecond(), round.seconds(),
            round.complete() ? "" : " (INCOMPLETE: " + round.delivered() + " delivered)");
        Thread.sleep(settings.pauseMillis());
      }
    }
    vertx.cancelTimer(keepalive);
    sockets.forEach(WebSocket::close);

    Path dir = settings.out();
    Files.createDirectories(dir);
    Path json = dir.resolve("fanout.json");
    JsonObject results =
        measured.toJson()
            .put("tool", "Hamal surge 0.1.0 fanout")
            .put("startedAt", startedAt)
            .put("target", settings.target().toString())
            .put("settings",
                new JsonObject()
                    .put("subscribers", settings.subscribers())
                    .put("events", settings.events())
                    .put("rounds", settings.rounds())
                    .put("warmupRounds", settings.warmupRounds())
                    .put("pauseMillis", settings.pauseMillis())
                    .put("clientEventLoops", settings.eventLoops()))
            .put("machine", Results.machine())
            .put("warmup", warm.toJson().getJsonArray("rounds"))
            .put("notes", "client and node share the machine's cores; deliveries/s are as the client counts them");
    Files.writeString(json, results.encodePrettily());
    out.print(measured.table());
    out.println("results: " + json);
    return measured.allComplete() ? 0 : 1;
  }

  /** One subscriber: registered once its hello has come; counts synthetic reports from then on. */
  private Future<WebSocket> connect(Vertx vertx, WebSocketClient client, int index) {
    Promise<WebSocket> registered = Promise.promise();
    client
        .connect(LiveProtocol.connectOptions(settings.target(), settings.token()))
        .onFailure(registered::tryFail)
        .onSuccess(
            ws -> {
              Buffer[] partial = {null};
              ws.frameHandler(
                  frame -> {
                    Buffer message = whole(frame, partial);
                    if (message == null) {
                      return;
                    }
                    if (!registered.future().isComplete() && LiveProtocol.isHello(message)) {
                      registered.tryComplete(ws);
                      return;
                    }
                    Tally tally = current.get();
                    if (tally != null) {
                      tally.add(index, LiveProtocol.countSynthetic(message));
                    }
                  });
              ws.closeHandler(v -> registered.tryFail("closed by the server: " + ws.closeStatusCode() + " " + ws.closeReason()));
            });
    return registered.future();
  }

  /** A text message from its frames (a long one comes in several), or null while incomplete. */
  private static Buffer whole(WebSocketFrame frame, Buffer[] partial) {
    if (!frame.isText() && !frame.isContinuation()) {
      return null;
    }
    if (frame.isFinal() && partial[0] == null) {
      return frame.binaryData();
    }
    if (partial[0] == null) {
      partial[0] = Buffer.buffer();
    }
    partial[0].appendBuffer(frame.binaryData());
    if (!frame.isFinal()) {
      return null;
    }
    Buffer message = partial[0];
    partial[0] = null;
    return message;
  }

  private Rounds.Round round(int number, String via) throws Exception {
    Tally tally = new Tally(settings.subscribers(), settings.events(), System::nanoTime);
    current.set(tally);
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> answer = trigger(via, settings.events());
    boolean complete = tally.await(settings.roundTimeoutMillis(), TimeUnit.MILLISECONDS);
    long end = complete ? tally.doneNanos() : System.nanoTime();
    double serverMillis = Double.NaN;
    try {
      HttpResponse<String> r = answer.get(settings.roundTimeoutMillis(), TimeUnit.MILLISECONDS);
      if (r.statusCode() == 200) {
        JsonObject body = new JsonObject(r.body());
        serverMillis = body.getDouble("millis");
        if (body.getInteger("subscribers") != settings.subscribers()) {
          err.println("surge fanout: the node has " + body.getInteger("subscribers") + " live clients, not "
              + settings.subscribers() + " (others connected?)");
        }
      } else {
        err.println("surge fanout: POST " + PATH + " answered " + r.statusCode() + " " + r.body());
      }
    } catch (java.util.concurrent.TimeoutException e) {
      err.println("surge fanout: POST " + PATH + " did not answer in time");
    }
    return new Rounds.Round(
        number, via, settings.subscribers(), settings.events(), (end - start) / 1e9, tally.delivered(),
        tally.single(), tally.batched(), tally.extra(), complete, serverMillis);
  }

  private CompletableFuture<HttpResponse<String>> trigger(String via, int events) {
    HttpRequest request =
        HttpRequest.newBuilder(settings.target().resolve(PATH))
            .timeout(Duration.ofMillis(Math.max(settings.roundTimeoutMillis(), 30_000)))
            .header("Authorization", "Bearer " + settings.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("events", events).put("via", via).encode()))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
