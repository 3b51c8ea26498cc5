package org.hamal.surge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hamal.surge.alerts.AlertsApi;
import org.hamal.surge.alerts.BarrageAlerts;
import org.hamal.surge.audit.AuditResult;
import org.hamal.surge.audit.Ledger;
import org.hamal.surge.audit.ReadBack;
import org.hamal.surge.audit.Scope;
import org.hamal.surge.live.LiveClients;
import org.hamal.surge.live.LiveProtocol;
import org.hamal.surge.live.Subscriber;
import org.hamal.surge.load.Clock;
import org.hamal.surge.load.Intake;
import org.hamal.surge.load.Metrics;
import org.hamal.surge.load.Pacer;
import org.hamal.surge.report.HtmlReport;
import org.hamal.surge.report.Results;
import org.hamal.surge.report.Summary;
import org.hamal.surge.scenario.DistrictMap;
import org.hamal.surge.scenario.Scenario;
import org.hamal.surge.scenario.ScenarioOptions;
import org.hamal.surge.scenario.Scenarios;

/**
 * One run: check the nodes, build the scenario from their district layer, connect the
 * subscribers, drive the load open-loop, wait for the deliveries, audit, and write the results.
 */
final class Run implements Callable<Integer> {

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_LOSS = 2;

  private static final long SETUP_TIMEOUT_SECONDS = 60;
  /** The pacer's zero is set a little ahead so the first arrivals are not late by set-up. */
  private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  /** A slow reader's receive buffer (Linux doubles it; setting it turns autotuning off). */
  static final int SLOW_RECEIVE_BUFFER_BYTES = 16 * 1024;

  private final ScenarioOptions options;
  private final RunSettings settings;
  private final PrintStream out;
  private final PrintStream err;

  Run(ScenarioOptions options, RunSettings settings, PrintStream out, PrintStream err) {
    this.options = options;
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  private record Answer(int status, String body) {}

  @Override
  public Integer call() throws Exception {
    // Intake and the subscribers on Vert.x instances of their own, with their own event loops: a
    // thousand subscribers parsing every batch would otherwise delay the reading of the 201s, and
    // the acknowledgement times surge measures would include its own queueing behind them.
    Vertx intake = Vertx.vertx();
    try {
      Vertx live = Vertx.vertx();
      try {
        return run(intake, live);
      } finally {
        live.close().await(30, TimeUnit.SECONDS);
      }
    } finally {
      intake.close().await(30, TimeUnit.SECONDS);
    }
  }

  private int run(Vertx vertx, Vertx live) throws Exception {
    HttpClientAgent http =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(settings.connections()).setMaxWaitQueueSize(-1));
    String startedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();

    // The nodes must be ready, and the scenario needs their district layer.
    for (URI target : settings.targets()) {
      Answer ready = get(http, target, "/ready", null);
      if (ready == null || ready.status() != 200) {
        err.println("surge: " + target + " is not ready: " + (ready == null ? "unreachable" : ready.status() + " " + ready.body()));
        return EXIT_FAILED;
      }
    }
    Answer layer = get(http, settings.targets().get(0), "/api/v1/districts", null);
    if (layer == null || layer.status() != 200) {
      err.println("surge: cannot read the district layer from " + settings.targets().get(0));
      return EXIT_FAILED;
    }
    Scenario scenario;
    Scenario warmup = null;
    try {
      DistrictMap map = DistrictMap.fromGeoJson(layer.body());
      scenario = Scenarios.build(options, map);
      if (settings.warmupNanos() > 0) {
        // Warm-up: routine reports at the scenario's mean rate, to bring both JITs to speed.
        double seconds = settings.warmupNanos() / 1e9;
        warmup =
            Scenarios.build(
                new ScenarioOptions("routine-day", seconds, scenario.expectedReports() / scenario.durationSeconds(),
                    null, null, null, null, null, null, null, null, null, null, null, null,
                    options.districts(), options.reporterFraction()),
                map);
      }
    } catch (IllegalArgumentException e) {
      err.println("surge: " + e.getMessage());
      return EXIT_FAILED;
    }

    BarrageAlerts sirens = sirens(scenario);

    Metrics metrics = new Metrics();
    Metrics warmMetrics = new Metrics();
    // Deliveries are measured into the phase under way: warm-up, then the run proper.
    AtomicReference<Metrics> phase = new AtomicReference<>(warmup != null ? warmMetrics : metrics);
    Ledger ledger = new Ledger(System::nanoTime, latency -> phase.get().delivered(latency));
    WebSocketClient wsClient = live.createWebSocketClient(wsOptions());
    // A slow reader's socket takes little while it does not read, so that its pauses back up on
    // the node (in its send buffer) rather than in this machine's autotuned receive buffer.
    WebSocketClient slowClient =
        live.createWebSocketClient(wsOptions().setReceiveBufferSize(SLOW_RECEIVE_BUFFER_BYTES));
    Subscriber.SlowReading slowReading =
        new Subscriber.SlowReading(
            TimeUnit.NANOSECONDS.toMillis(settings.slowPauseNanos()),
            TimeUnit.NANOSECONDS.toMillis(settings.slowEveryNanos()));
    List<Subscriber> subscribers = new ArrayList<>();
    List<Future<Scope>> connected = new ArrayList<>();
    for (int i = 0; i < settings.subscribers(); i++) {
      String token = settings.subscriberTokens().get(i % settings.subscriberTokens().size());
      Scope filter =
          settings.subscriberFilters().isEmpty()
              ? Scope.EVERYTHING
              : LiveProtocol.parseFilter(settings.subscriberFilters().get(i % settings.subscriberFilters().size()));
      boolean slow = i < settings.slowSubscribers();
      Subscriber s =
          new Subscriber(String.format(Locale.ROOT, "s%02d", i + 1), settings.targets(), i, token, filter, metrics,
              slow ? slowReading : null);
      subscribers.add(s);
      connected.add(s.connect(live, slow ? slowClient : wsClient, SETUP_TIMEOUT_SECONDS * 1000));
    }
    try {
      Future.all(connected).await(SETUP_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("surge: subscribers could not connect: " + e.getMessage());
      return EXIT_FAILED;
    }
    // Every subscriber is in the ledger before any is attached: an attached one may at once get
    // a snapshot of reports already open on the node (from before this run), and the ledger takes
    // no subscriber after its first report.
    int[] index = new int[subscribers.size()];
    for (int i = 0; i < subscribers.size(); i++) {
      Subscriber s = subscribers.get(i);
      Scope scope = connected.get(i).result();
      String label = s.name() + " " + String.join("+", s.roles()) + (scope.districts() == null ? "" : " " + scope);
      index[i] = ledger.addSubscriber(label, scope);
    }
    for (int i = 0; i < subscribers.size(); i++) {
      subscribers.get(i).attach(ledger, index[i]);
    }

    Intake intake =
        new Intake(
            vertx, http,
            new Intake.Options(settings.targets(), settings.token(), settings.timeoutMillis(), settings.retries()),
            metrics, ledger);
    Pacer.Options pacing =
        new Pacer.Options(
            settings.batchSize(), settings.batchMix(), settings.batchLingerNanos(),
            settings.maxInFlight(), settings.seed());
    Pacer pacer = new Pacer(Clock.SYSTEM, intake, metrics, pacing);
    Intake warmIntake =
        new Intake(
            vertx, http,
            new Intake.Options(settings.targets(), settings.token(), settings.timeoutMillis(), settings.retries()),
            warmMetrics, ledger);
    Pacer warmPacer = new Pacer(Clock.SYSTEM, warmIntake, warmMetrics, pacing);

    err.printf(Locale.ROOT, "surge %s: %.0f s, about %.0f reports, %d subscribers, %d node(s), seed %d%n",
        scenario.name(), scenario.durationSeconds(), scenario.expectedReports(), subscribers.size(),
        settings.targets().size(), settings.seed());
    Progress progress = new Progress(scenario, metrics, pacer, ledger, err, settings.progress());
    CountDownLatch finished = new CountDownLatch(1);
    // Ctrl-C: stop issuing, and let the run finish its audit and results before the JVM exits.
    Thread hook =
        new Thread(
            () -> {
              warmPacer.stop();
              pacer.stop();
              try {
                finished.await(2, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "surge-progress");
              t.setDaemon(true);
              return t;
            });
    try {
      long answerWait = (settings.timeoutMillis() + 5_000) * (settings.retries() + 1) + 30_000;
      // A slow reader may be in a pause as the load ends: the others' silence then says nothing.
      long quietNanos =
          settings.drainQuietNanos() + (settings.slowSubscribers() > 0 ? settings.slowPauseNanos() : 0);
      if (warmup != null) {
        err.printf(Locale.ROOT, "surge: warming up for %.0f s at %.1f reports/s (not measured, audited)%n",
            warmup.durationSeconds(), warmup.expectedReports() / warmup.durationSeconds());
        warmPacer.run(warmup.arrivals(settings.seed() ^ 0x3A53L));
        warmPacer.awaitIdle(answerWait, TimeUnit.MILLISECONDS);
        ledger.awaitDeliveries(quietNanos, settings.drainMaxNanos());
        phase.set(metrics);
        if (warmPacer.stopped()) {
          pacer.stop();
        }
      }
      long start = System.nanoTime() + LEAD_NANOS;
      progress.start(start);
      if (sirens != null) {
        sirens.start(start);
      }
      ticker.scheduleAtFixedRate(progress::tick, LEAD_NANOS + TimeUnit.SECONDS.toNanos(1),
          TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
      pacer.run(scenario.arrivals(settings.seed()), start);
      long issueEnd = System.nanoTime();
      boolean idle = pacer.awaitIdle(answerWait, TimeUnit.MILLISECONDS);
      long loadEnd = System.nanoTime();
      if (sirens != null) {
        sirens.finish(settings.timeoutMillis() + 5_000);
      }
      long drainStart = System.nanoTime();
      Ledger.DrainReason drain = ledger.awaitDeliveries(quietNanos, settings.drainMaxNanos());
      long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
      ticker.shutdown();
      ticker.awaitTermination(10, TimeUnit.SECONDS);
      progress.tick();
      progress.end();

      List<String> ids = ledger.acknowledgedIds();
      err.printf(Locale.ROOT, "surge: reading back %d acknowledged reports...%n", ids.size());
      ReadBack.Outcome readBack =
          new ReadBack(vertx, http, settings.targets(), settings.token(), settings.auditConcurrency(), settings.timeoutMillis())
              .check(ids)
              .await();
      AuditResult audit = ledger.audit(readBack.notFound(), readBack.unreadable());
      for (Subscriber s : subscribers) {
        s.close();
      }

      // Rates are over the schedule, or over what of it ran when the run was stopped early.
      double loadSeconds =
          pacer.stopped()
              ? Math.max(1e-3, Math.min(scenario.durationSeconds(), (issueEnd - start) / 1e9))
              : scenario.durationSeconds();
      JsonArray notes = new JsonArray();
      if (!idle) {
        notes.add("some requests were still unanswered " + answerWait / 1000 + " s after the last arrival");
      }
      if (intake.batchUnsupported()) {
        notes.add("the server has no batch intake: POST " + Intake.BATCH_PATH + " answered 404, so the "
            + "reports sent in batches were not stored (errors: batch_unsupported); use --batch-size 1");
      }
      if (pacer.stopped()) {
        notes.add(String.format(Locale.ROOT,
            "stopped (Ctrl-C or SIGTERM) after %.1f s of the %.0f s schedule; rates are over the part that ran",
            loadSeconds, scenario.durationSeconds()));
      }
      long lagMs = TimeUnit.NANOSECONDS.toMillis(pacer.maxLagNanos());
      if (lagMs > 50) {
        notes.add("the load generator fell behind its schedule by up to " + lagMs
            + " ms; latencies still count from the scheduled times");
      }
      for (Subscriber s : subscribers) {
        if (s.closedBy() != null) {
          notes.add(s.name() + " was closed by the server during the run (last: " + s.closedBy() + "); it reconnected "
              + s.reconnects() + " times and resumed " + s.resumed() + " times");
        }
      }
      JsonArray subs = new JsonArray();
      List<AuditResult.SubscriberTally> tallies = audit.perSubscriber();
      for (int i = 0; i < subscribers.size(); i++) {
        Subscriber s = subscribers.get(i);
        AuditResult.SubscriberTally tally = tallies.get(i);
        subs.add(
            new JsonObject()
                .put("name", tally.subscriber())
                .put("node", s.node().toString())
                .put("roles", new JsonArray(s.roles()))
                .put("scope", tally.scope())
                .put("expected", tally.expected())
                .put("received", tally.received())
                .put("folded", tally.folded())
                .put("messages", s.received())
                .put("foldedIds", s.folded())
                .put("missing", tally.missing())
                .put("duplicates", tally.duplicates())
                .put("outOfScope", tally.outOfScope())
                .put("closedBy", s.closedBy())
                .put("reconnects", s.reconnects())
                .put("resumed", s.resumed())
                .put("snapshots", s.snapshots())
                .put("slow", s.slow())
                .put("pauses", s.pauses()));
      }
      Path dir = settings.out();
      Files.createDirectories(dir);
      Path json = dir.resolve("results.json");
      Path html = dir.resolve("report.html");
      JsonObject results =
          new JsonObject()
              .put("tool", "Hamal surge 0.1.0")
              .put("scenario", scenario.name())
              .put("parameters", scenario.parameters())
              .put("startedAt", startedAt)
              .put("targets", new JsonArray(settings.targets().stream().map(URI::toString).toList()))
              .put("seed", settings.seed())
              .put("settings",
                  new JsonObject()
                      .put("connectionsPerNode", settings.connections())
                      .put("maxInFlight", settings.maxInFlight())
                      .put("timeoutMillis", settings.timeoutMillis())
                      .put("batchSize", settings.batchSize())
                      .put("batchMix", settings.batchSize() > 1 ? settings.batchMix() : 0)
                      .put("batchLingerMillis", TimeUnit.NANOSECONDS.toMillis(settings.batchLingerNanos()))
                      .put("idempotentRetries", settings.retries())
                      .put("warmupSeconds", settings.warmupNanos() / 1e9)
                      .put("subscribers", settings.subscribers())
                      .put("subscriberFilters", new JsonArray(settings.subscriberFilters()))
                      .put("slowSubscribers", Math.min(settings.slowSubscribers(), settings.subscribers()))
                      .put("slowPauseMillis", TimeUnit.NANOSECONDS.toMillis(settings.slowPauseNanos()))
                      .put("slowEveryMillis", TimeUnit.NANOSECONDS.toMillis(settings.slowEveryNanos())))
              .put("machine", Results.machine())
              .put("load",
                  new JsonObject()
                      .put("durationSeconds", round(loadSeconds))
                      .put("scheduledSeconds", scenario.durationSeconds())
                      .put("expectedReports", Math.round(scenario.expectedReports()))
                      .put("plannedRate", round(scenario.expectedReports() / scenario.durationSeconds()))
                      .put("offered", metrics.offered())
                      .put("offeredRate", round(metrics.offered() / loadSeconds))
                      .put("acknowledged", metrics.acked())
                      .put("achievedRate", round(metrics.acked() / loadSeconds))
                      .put("errors", metrics.errors())
                      .put("retries", intake.retried())
                      .put("maxPacerLagMillis", lagMs)
                      .put("lastAnswerSeconds", round((loadEnd - start) / 1e9))
                      .put("warmup",
                          new JsonObject()
                              .put("offered", warmMetrics.offered())
                              .put("acknowledged", warmMetrics.acked())
                              .put("errors", warmMetrics.errors())))
              .put("ackLatencyMs", Results.percentiles(metrics.ackTotal()))
              .put("serviceTimeMs", Results.percentiles(metrics.serviceTotal()))
              .put("deliveryLatencyMs", Results.percentiles(metrics.deliveryTotal()))
              .put("ackPercentiles", Results.spectrum(metrics.ackTotal()))
              .put("deliveryPercentiles", Results.spectrum(metrics.deliveryTotal()))
              .put("errors", Results.errors(metrics.errorKinds()))
              .put("notes", notes)
              .put("alerts", sirens != null ? sirens.toJson() : null)
              .put("audit", Results.audit(audit, drain.name().toLowerCase(Locale.ROOT), drainMillis))
              .put("subscribers", subs)
              .put("readers", readers(subscribers))
              .put("timeline", Results.timeline(metrics.timeline()))
              .put("files", new JsonObject().put("json", json.toString()).put("html", html.toString()));
      Files.writeString(json, results.encodePrettily());
      HtmlReport.write(results, html);
      Summary.print(results, out);
      if (metrics.acked() == 0) {
        err.println("surge: no report was acknowledged; see the errors above");
        return EXIT_FAILED;
      }
      return audit.passed() ? EXIT_OK : EXIT_LOSS;
    } finally {
      ticker.shutdownNow();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns now that the run has finished
      }
    }
  }

  /**
   * The rocket-barrage's alerts, planned over the node's alert areas; null for other scenarios,
   * with --no-alerts, or when the node has no alert areas (said on stderr; the run goes on).
   */
  private BarrageAlerts sirens(Scenario scenario) throws Exception {
    if (!settings.alerts() || !"rocket-barrage".equals(scenario.name())) {
      return null;
    }
    AlertsApi api = new AlertsApi(settings.targets().get(0), settings.timeoutMillis());
    AlertsApi.Answer areas = api.areas().get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!areas.ok()) {
      err.println("surge: no alerts: GET " + AlertsApi.AREAS_PATH + " answered " + areas.status()
          + " (a node without rocket alerts; --no-alerts to not ask)");
      return null;
    }
    List<BarrageAlerts.Wave> waves = BarrageAlerts.waves(scenario.parameters(), AlertsApi.parseAreas(areas.body()));
    String run = Long.toString(settings.seed(), 36) + "-" + Long.toString(System.currentTimeMillis(), 36);
    for (BarrageAlerts.Wave w : waves) {
      err.printf(Locale.ROOT, "surge: wave %d at %.0f-%.0f s on %s: alert for %s%n",
          w.number(), w.startSeconds(), w.endSeconds(), w.districts(), w.areas());
    }
    return new BarrageAlerts(api, settings.alertToken(), run, waves);
  }

  /** What the slow readers and the others took: pauses, snapshots, reconnections and resumes. */
  private static JsonObject readers(List<Subscriber> subscribers) {
    JsonObject out = new JsonObject();
    for (boolean slow : new boolean[] {true, false}) {
      List<Subscriber> these = subscribers.stream().filter(s -> s.slow() == slow).toList();
      out.put(slow ? "slow" : "others",
          new JsonObject()
              .put("subscribers", these.size())
              .put("pauses", these.stream().mapToLong(Subscriber::pauses).sum())
              .put("snapshots", these.stream().mapToLong(Subscriber::snapshots).sum())
              .put("reconnects", these.stream().mapToLong(Subscriber::reconnects).sum())
              .put("resumed", these.stream().mapToLong(Subscriber::resumed).sum()));
    }
    return out;
  }

  private WebSocketClientOptions wsOptions() {
    return new WebSocketClientOptions()
        .setMaxConnections(settings.subscribers() + 8)
        .setConnectTimeout(10_000)
        .setMaxFrameSize(LiveClients.MAX_FRAME_BYTES)
        .setMaxMessageSize(LiveClients.MAX_MESSAGE_BYTES);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** A GET answered within the set-up timeout, or null when the node cannot be reached. */
  private static Answer get(HttpClientAgent http, URI target, String path, String token) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(target.getHost())
            .setPort(target.getPort() > 0 ? target.getPort() : 80)
            .setURI(path)
            .setTimeout(10_000);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    try {
      return http.request(request)
          .compose(req -> req.send().compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString()))))
          .await(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }
}
