package org.hamal.surge.alerts;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.hamal.surge.live.LiveClients;
import org.hamal.surge.live.LiveProtocol;
import org.hamal.surge.report.Results;
import org.hamal.surge.scenario.DistrictMap;

/**
 * {@code surge alert-latency}: field subscribers (patroller tokens) on one node, then alerts one
 * at a time, each timed per subscriber from the moment its {@code POST /api/v1/alerts} is sent to
 * the moment the subscriber has the matching active {@code alert} message — what the field app
 * turns into the shelter screen — and then cleared, waiting for every subscriber's all-clear too.
 */
public final class AlertLatency implements Callable<Integer> {

  public static final String RESULT_FILE = "alert-latency.json";
  private static final long SETUP_MILLIS = 120_000;
  /** Patroller set-up requests at once (device links, positions); each is a write on the node. */
  private static final int SETUP_CONCURRENCY = 8;
  private static final String LINK_TTL = "2h";

  public record Settings(
      URI target, String token, String alertToken, List<String> subscriberTokens, int subscribers, int alerts,
      int warmupAlerts,
      List<String> areas, String threat, int staySeconds, long timeoutMillis, long pauseMillis, int eventLoops,
      Path out) {}

  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;
  private final AlertsApi api;
  private final AtomicReference<AlertRound> current = new AtomicReference<>();
  /** Set when surge closes the sockets itself: those closes are not the server's doing. */
  private volatile boolean closing;

  public AlertLatency(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.api = new AlertsApi(settings.target(), Math.max(settings.timeoutMillis(), 10_000));
  }

  @Override
  public Integer call() throws Exception {
    return LiveClients.onVertx(settings.eventLoops(), this::run);
  }

  private int run(Vertx vertx) throws Exception {
    String startedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    AlertsApi.Answer areasAnswer = api.areas().get(SETUP_MILLIS, TimeUnit.MILLISECONDS);
    if (!areasAnswer.ok()) {
      err.println("surge: GET " + AlertsApi.AREAS_PATH + " answered " + areasAnswer.status() + " " + areasAnswer.body()
          + (areasAnswer.status() == 404 ? "; this node has no rocket alerts (docs/alerts.md)" : ""));
      return 1;
    }
    List<AlertsApi.Area> chosen = chosenAreas(AlertsApi.parseAreas(areasAnswer.body()));
    if (chosen == null) {
      return 1;
    }
    List<String> areaIds = chosen.stream().map(AlertsApi.Area::id).toList();
    List<String> districts = new ArrayList<>(districtsOf(chosen));
    List<String> tokens = settings.subscriberTokens().isEmpty() ? mintPatrollers(districts) : settings.subscriberTokens();
    if (tokens == null) {
      return 1;
    }

    WebSocketClient client = LiveClients.client(vertx, settings.subscribers());
    List<Future<WebSocket>> connecting = new ArrayList<>();
    for (int i = 0; i < settings.subscribers(); i++) {
      connecting.add(connect(client, i, tokens.get(i % tokens.size())));
    }
    try {
      Future.all(connecting).await(SETUP_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      err.println("surge: subscribers could not connect: " + e.getMessage());
      return 1;
    }
    List<WebSocket> sockets = connecting.stream().map(Future::result).toList();
    long keepalive = LiveClients.keepAlive(vertx, sockets);
    err.printf(Locale.ROOT, "surge alert-latency: %d subscribers on %s, %d alerts on %s%n",
        sockets.size(), settings.target(), settings.alerts(), areaIds);

    // Unique per run, so that a second run on the same node makes new alerts, not repeats.
    String run = Long.toString(System.currentTimeMillis(), 36) + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    Histogram toScreen = new Histogram(3);
    Histogram answers = new Histogram(3);
    JsonArray rounds = new JsonArray();
    // Warm-up alerts first, sent and cleared alike but not measured: the first alerts of a fresh
    // node (and client) run cold code and measure the JIT.
    JsonArray warmRounds = new JsonArray();
    for (int k = 1; k <= settings.warmupAlerts(); k++) {
      JsonObject round = round("surge-latency-" + run + "-warmup-" + k, areaIds, new Histogram(3), new Histogram(3), new Counts());
      warmRounds.add(round.put("number", k));
      err.printf(Locale.ROOT, "surge alert-latency: warm-up alert %d: %s, %d/%d had it%n",
          k, round.getInteger("status"), round.getInteger("received"), settings.subscribers());
      Thread.sleep(settings.pauseMillis());
    }
    Counts counts = new Counts();
    for (int k = 1; k <= settings.alerts(); k++) {
      JsonObject round = round("surge-latency-" + run + "-" + k, areaIds, toScreen, answers, counts);
      rounds.add(round.put("number", k));
      err.printf(Locale.ROOT, "surge alert-latency: alert %d: %s listing %d patrollers, %d/%d had it, p99 %.1f ms; all-clear %d/%d%n",
          k, round.getInteger("status"), round.getInteger("patrollersListed", -1), round.getInteger("received"), settings.subscribers(),
          round.getJsonObject("toScreenMs").getDouble("p99", Double.NaN), round.getInteger("clearReceived"),
          settings.subscribers());
      Thread.sleep(settings.pauseMillis());
    }
    vertx.cancelTimer(keepalive);
    closing = true;
    sockets.forEach(WebSocket::close);

    long expected = (long) settings.subscribers() * settings.alerts();
    JsonObject results =
        new JsonObject()
            .put("tool", "Hamal surge 0.1.0 alert-latency")
            .put("startedAt", startedAt)
            .put("target", settings.target().toString())
            .put("settings",
                new JsonObject()
                    .put("subscribers", settings.subscribers())
                    .put("alerts", settings.alerts())
                    .put("warmupAlerts", settings.warmupAlerts())
                    .put("areas", new JsonArray(areaIds))
                    .put("threat", settings.threat())
                    .put("staySeconds", settings.staySeconds())
                    .put("timeoutMillis", settings.timeoutMillis())
                    .put("pauseMillis", settings.pauseMillis())
                    .put("clientEventLoops", settings.eventLoops())
                    .put("patrollerTokens", settings.subscriberTokens().isEmpty() ? "minted" : "given"))
            .put("machine", Results.machine())
            .put("alertsSent", counts.sent)
            .put("alertsAcknowledged", counts.acknowledged)
            .put("clearsSent", counts.clearsSent)
            .put("clearsAcknowledged", counts.clearsAcknowledged)
            .put("deliveries", new JsonObject()
                .put("expected", expected)
                .put("received", toScreen.getTotalCount())
                .put("missing", expected - toScreen.getTotalCount())
                .put("clearReceived", counts.clearReceived)
                .put("clearMissing", expected - counts.clearReceived))
            .put("toScreenMs", Results.percentiles(toScreen))
            .put("toScreenPercentiles", Results.spectrum(toScreen))
            .put("answerMs", Results.percentiles(answers))
            .put("rounds", rounds)
            .put("warmup", warmRounds)
            .put("notes", "from the POST being sent to the subscriber's alert message; client and node share the machine's cores");
    Path dir = settings.out();
    Files.createDirectories(dir);
    Path json = dir.resolve(RESULT_FILE);
    Files.writeString(json, results.encodePrettily());
    print(results, json);
    boolean complete =
        counts.acknowledged == settings.alerts() && counts.clearsAcknowledged == settings.alerts()
            && toScreen.getTotalCount() == expected && counts.clearReceived == expected;
    return complete ? 0 : 1;
  }

  /** Tallies over the rounds. */
  private static final class Counts {
    int sent;
    int acknowledged;
    int clearsSent;
    int clearsAcknowledged;
    long clearReceived;
  }

  private JsonObject round(String sourceId, List<String> areaIds, Histogram toScreen, Histogram answers, Counts counts)
      throws Exception {
    long sent = System.nanoTime();
    AlertRound round = new AlertRound(sourceId, settings.subscribers(), sent);
    current.set(round);
    counts.sent++;
    AlertsApi.Answer answer =
        api.alert(settings.alertToken(), sourceId, areaIds, settings.threat(), settings.staySeconds())
            .get(settings.timeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
    answers.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
    JsonObject result = new JsonObject().put("sourceId", sourceId).put("status", answer.status());
    String id = answer.ok() ? AlertsApi.alertId(answer) : null;
    if (id == null) {
      err.println("surge alert-latency: POST " + AlertsApi.ALERTS_PATH + " answered " + answer.status() + " " + answer.body());
      return result.put("received", round.received()).put("clearReceived", 0).put("toScreenMs", new JsonObject());
    }
    counts.acknowledged++;
    result.put("patrollersListed", AlertsApi.patrollersListed(answer));
    round.awaitActive(settings.timeoutMillis());
    Histogram mine = round.latencies(new Histogram(3));
    toScreen.add(mine);
    counts.clearsSent++;
    AlertsApi.Answer clear = api.clear(settings.alertToken(), id).get(settings.timeoutMillis() + 5_000, TimeUnit.MILLISECONDS);
    if (clear.ok()) {
      counts.clearsAcknowledged++;
      round.awaitCleared(settings.timeoutMillis());
    } else {
      err.println("surge alert-latency: the all-clear of " + id + " answered " + clear.status() + " " + clear.body());
    }
    counts.clearReceived += round.clearReceived();
    return result
        .put("id", id)
        .put("received", (int) mine.getTotalCount())
        .put("clearReceived", round.clearReceived())
        .put("toScreenMs", Results.percentiles(mine));
  }

  /** The areas asked for (all of the file's when none were), or null after saying what is wrong. */
  private List<AlertsApi.Area> chosenAreas(List<AlertsApi.Area> all) {
    if (all.isEmpty()) {
      err.println("surge: the node has no alert areas");
      return null;
    }
    if (settings.areas().isEmpty()) {
      return all;
    }
    List<AlertsApi.Area> chosen = new ArrayList<>();
    for (String id : settings.areas()) {
      AlertsApi.Area area = all.stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
      if (area == null) {
        err.println("surge: no alert area " + id + "; the node has " + all.stream().map(AlertsApi.Area::id).toList());
        return null;
      }
      chosen.add(area);
    }
    return chosen;
  }

  private static Set<String> districtsOf(List<AlertsApi.Area> areas) {
    Set<String> districts = new LinkedHashSet<>();
    areas.forEach(a -> districts.addAll(a.districts().stream().sorted().toList()));
    return districts;
  }

  /**
   * One patroller token per subscriber, each for a district the alerts cover (in turn), minted as
   * device sign-in links with the admin's token: every subscriber is a patroller the alert concerns.
   * Each then reports a position in its district, so that it is on duty and the alerts list it, as
   * on a real shift (an alert message grows with its patrollers).
   */
  private List<String> mintPatrollers(List<String> districts) throws Exception {
    if (districts.isEmpty()) {
      err.println("surge: the chosen alert areas overlap no district, so no patroller is concerned; give --subscriber-token");
      return null;
    }
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<AlertsApi.Answer> links =
        bounded(i -> api.patrollerLink(settings.token(), "surge-patrol-" + run + "-" + (i + 1),
            List.of(districts.get(i % districts.size())), LINK_TTL));
    if (failed(links, "minting a patroller token (POST " + AlertsApi.LINKS_PATH + ")",
        "; an admin or supervisor token is needed, or give --subscriber-token")) {
      return null;
    }
    List<String> tokens = links.stream().map(a -> new JsonObject(a.body()).getString("token")).toList();
    AlertsApi.Answer layer = api.districts().get(SETUP_MILLIS, TimeUnit.MILLISECONDS);
    if (!layer.ok()) {
      err.println("surge: GET " + AlertsApi.DISTRICTS_PATH + " answered " + layer.status());
      return null;
    }
    DistrictMap map = DistrictMap.fromGeoJson(layer.body());
    List<AlertsApi.Answer> positions =
        bounded(i -> {
          double[] p = DistrictMap.randomPointIn(map.byId(districts.get(i % districts.size())).orElseThrow(), new Random(i));
          return api.position(tokens.get(i), p[0], p[1]);
        });
    return failed(positions, "a patroller's position (PUT " + AlertsApi.POSITION_PATH + ")", "") ? null : tokens;
  }

  /** One request per subscriber, a few at a time (each is a write on the node); their answers. */
  private List<AlertsApi.Answer> bounded(IntFunction<CompletableFuture<AlertsApi.Answer>> request) throws Exception {
    Semaphore slots = new Semaphore(SETUP_CONCURRENCY);
    List<CompletableFuture<AlertsApi.Answer>> sent = new ArrayList<>();
    for (int i = 0; i < settings.subscribers(); i++) {
      slots.acquire();
      sent.add(request.apply(i).whenComplete((a, e) -> slots.release()));
    }
    List<AlertsApi.Answer> answers = new ArrayList<>();
    for (CompletableFuture<AlertsApi.Answer> f : sent) {
      answers.add(f.get(SETUP_MILLIS, TimeUnit.MILLISECONDS));
    }
    return answers;
  }

  private boolean failed(List<AlertsApi.Answer> answers, String what, String hint) {
    for (AlertsApi.Answer a : answers) {
      if (!a.ok()) {
        err.println("surge: " + what + " answered " + a.status() + " " + a.body() + hint);
        return true;
      }
    }
    return false;
  }

  /** One subscriber: registered once its hello has come; from then on reads alert messages. */
  private Future<WebSocket> connect(WebSocketClient client, int index, String token) {
    Promise<WebSocket> registered = Promise.promise();
    client
        .connect(LiveProtocol.connectOptions(settings.target(), token))
        .onFailure(registered::tryFail)
        .onSuccess(
            ws -> {
              ws.textMessageHandler(
                  text -> {
                    long at = System.nanoTime();
                    if (!registered.future().isComplete()) {
                      if (LiveProtocol.isHello(Buffer.buffer(text))) {
                        registered.tryComplete(ws);
                      }
                      return;
                    }
                    AlertRound round = current.get();
                    if (round != null) {
                      round.seen(index, LiveProtocol.alert(text), at);
                    }
                  });
              ws.closeHandler(v -> {
                registered.tryFail("closed by the server: " + ws.closeStatusCode() + " " + ws.closeReason());
                if (registered.future().succeeded() && !closing) {
                  err.println("surge alert-latency: subscriber " + (index + 1) + " closed by the server: "
                      + ws.closeStatusCode() + " " + ws.closeReason());
                }
              });
            });
    return registered.future();
  }

  private void print(JsonObject r, Path json) {
    JsonObject s = r.getJsonObject("settings");
    JsonObject d = r.getJsonObject("deliveries");
    out.printf(Locale.ROOT, "%nsurge alert-latency  %s  target %s  subscribers %d  areas %s%n",
        r.getString("startedAt"), r.getString("target"), s.getInteger("subscribers"), s.getJsonArray("areas").encode());
    out.printf(Locale.ROOT, "alerts     %d sent, %d acknowledged; all-clear %d sent, %d acknowledged%n",
        r.getInteger("alertsSent"), r.getInteger("alertsAcknowledged"), r.getInteger("clearsSent"),
        r.getInteger("clearsAcknowledged"));
    line("to screen  (ms from POST sent)", r.getJsonObject("toScreenMs"));
    line("answer     (ms POST to 201)   ", r.getJsonObject("answerMs"));
    out.printf(Locale.ROOT, "deliveries %d/%d alerts (%d missing), %d/%d all-clears (%d missing)%n",
        d.getLong("received"), d.getLong("expected"), d.getLong("missing"), d.getLong("clearReceived"),
        d.getLong("expected"), d.getLong("clearMissing"));
    out.println("results    " + json);
  }

  private void line(String label, JsonObject h) {
    if (h.getLong("count", 0L) == 0) {
      out.println(label + "  no samples");
      return;
    }
    out.printf(Locale.ROOT, "%s  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (n=%d)%n",
        label, h.getDouble("p50"), h.getDouble("p90"), h.getDouble("p99"), h.getDouble("max"), h.getLong("count"));
  }
}
