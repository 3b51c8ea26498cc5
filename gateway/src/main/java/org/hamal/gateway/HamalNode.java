package org.hamal.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.alerts.AlertRepository;
import org.hamal.cluster.alerts.AlertService;
import org.hamal.cluster.devices.DeviceLinkRepository;
import org.hamal.cluster.events.FullRestart;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.events.Reconciler;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.cluster.incidents.Incidents;
import org.hamal.cluster.layers.ActiveLayer;
import org.hamal.cluster.layers.LayerArchive;
import org.hamal.cluster.mode.ModeRepository;
import org.hamal.cluster.mode.ModeService;
import org.hamal.cluster.patrollers.PatrollerPositions;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.store.SharedStore;
import org.hamal.cluster.store.Store;
import org.hamal.cluster.tokens.ApiKeyRepository;
import org.hamal.cluster.tokens.RevocationRepository;
import org.hamal.cluster.tokens.RevokedTokens;
import org.hamal.gateway.alerts.AlertAreasService;
import org.hamal.gateway.alerts.AlertsVerticle;
import org.hamal.gateway.auth.Authentication;
import org.hamal.gateway.auth.Secrets;
import org.hamal.gateway.auth.Tokens;
import org.hamal.gateway.config.HamalConfig;
import org.hamal.gateway.devices.DeviceLinks;
import org.hamal.gateway.http.ConnectionGuard;
import org.hamal.gateway.http.HttpServerVerticle;
import org.hamal.gateway.incidents.IncidentsVerticle;
import org.hamal.gateway.keys.ApiKeys;
import org.hamal.gateway.keys.KeyRates;
import org.hamal.gateway.limits.Limits;
import org.hamal.gateway.keys.Revocations;
import org.hamal.gateway.layer.LayerService;
import org.hamal.gateway.layer.LayerVerticle;
import org.hamal.gateway.live.LiveFeedVerticle;
import org.hamal.gateway.live.LiveHub;
import org.hamal.gateway.live.LiveSockets;
import org.hamal.gateway.metrics.EventLoopProbe;
import org.hamal.gateway.metrics.MetricsVerticle;
import org.hamal.gateway.metrics.NodeMetrics;
import org.hamal.gateway.media.UploadSlots;
import org.hamal.gateway.mode.IntakeMeter;
import org.hamal.gateway.mode.ModeVerticle;
import org.hamal.gateway.mode.SlaVerticle;
import org.hamal.gateway.patrollers.PatrollerFeed;
import org.hamal.gateway.places.PlacesService;
import org.hamal.gateway.triage.Triage;
import org.hamal.geo.Layer;
import org.hamal.geo.LayerException;
import org.hamal.geo.LayerLoader;
import org.hamal.geo.alerts.AlertAreaFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Hamal node: joins the cluster, opens the store, loads the district layer, then
 * deploys the HTTP server. {@link #stop()} undoes it in reverse order, finishing in-flight work.
 */
public final class HamalNode {

  private static final Logger LOG = LoggerFactory.getLogger(HamalNode.class);
  /** Partitions migrate for a moment after a member dies; reconcile once they have. */
  private static final Duration RECONCILE_SETTLE = Duration.ofSeconds(2);
  /**
   * How long a starting member waits for the oldest to restore the cluster after a full restart
   * (a restore of 100,000 open reports takes seconds), before it serves anyway.
   */
  private static final Duration RESTORE_PATIENCE = Duration.ofMinutes(5);
  /** How long {@code serve} waits for {@link #start()}: restoring may take all its patience. */
  static final Duration START_TIMEOUT = RESTORE_PATIENCE.plusMinutes(1);

  private final HamalConfig config;
  /** Created before Vert.x, which reports into it from its first event loop on. */
  private final NodeMetrics metrics;
  private ClusterNode node;
  private Store store;
  /** Deployed verticles in deployment order; undeployed in reverse (the HTTP server first). */
  private final java.util.Deque<String> deployments = new java.util.ArrayDeque<>();
  private NodeServices services;
  private Secrets.Stored adminToken;

  public HamalNode(HamalConfig config) {
    this.config = config;
    this.metrics = new NodeMetrics(config.reports());
  }

  /** Starts the node; the future completes when it serves requests. */
  public Future<HamalNode> start() {
    Layer layer;
    Secrets.Stored jwtSecret;
    try {
      layer = new LayerLoader(config.layer().options()).load(config.layer().file());
      jwtSecret =
          Secrets.configuredOrStored(
              config.auth().jwtSecret(), config.dataPath(), Secrets.JWT_SECRET_FILE);
      adminToken =
          Secrets.configuredOrStored(
              config.auth().adminToken(), config.dataPath(), Secrets.ADMIN_TOKEN_FILE);
    } catch (IOException | LayerException e) {
      return Future.failedFuture(e);
    }
    LOG.info("District layer '{}' version {}: {} districts", layer.name(), layer.version(), layer.districts().size());
    VertxOptions vertxOptions =
        new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(metrics.options());
    return ClusterNode.join(config.cluster(), vertxOptions, metrics.factory())
        .compose(
            joined -> {
              node = joined;
              LOG.info("Joined cluster '{}' as {}", config.cluster().name(), node.nodeId());
              return Store.open(node.vertx(), config.store());
            })
        .compose(
            opened -> {
              store = opened;
              LOG.info("Store: {}", store.location());
              return SharedStore.check(node, store);
            })
        .compose(
            checked -> {
              OpenReports open = new OpenReports(node.hazelcast(), config.store().timeoutMillis());
              Future<ReportEvents> events =
                  ReportEvents.open(node.vertx(), node.hazelcast(), open, config.store().timeoutMillis());
              Future<ModeService> mode = ModeService.start(node, new ModeRepository(store), config.mode());
              long timeout = config.store().timeoutMillis();
              Future<PatrollerPositions> patrollers =
                  new PatrollerPositions(node, config.patrollers(), timeout).start();
              DeviceLinkRepository links = new DeviceLinkRepository(store);
              RevocationRepository revocations = new RevocationRepository(store);
              Future<RevokedTokens> revoked =
                  RevokedTokens.start(node, revocations, config.devices().revocationRefresh(), timeout);
              return Future.all(events, mode, patrollers, revoked)
                  .map(v -> services(layer, jwtSecret, open, events.result(), mode.result(),
                      new Tracked(patrollers.result(), revoked.result(), links, revocations)));
            })
        .compose(
            services ->
                services.alerts().start()
                    .compose(a -> restoreAfterFullRestart(services))
                    .compose(n -> deploy(new LayerVerticle(services.layers().activation())))
                    .compose(id -> deploy(new LayerVerticle(services.places().activation())))
                    .compose(id -> deploy(new LayerVerticle(services.alertAreas().activation())))
                    .compose(id -> deployFeed(services))
                    .compose(id -> deploy(new ModeVerticle(services)))
                    .compose(id -> deploy(new AlertsVerticle(services)))
                    .compose(id -> deploy(new IncidentsVerticle(services)))
                    .compose(id -> deploy(new SlaVerticle(services)))
                    .compose(id -> deployMetrics(services))
                    .compose(id -> deployHttp(services)))
        .map(this);
  }

  /**
   * After a full restart the maps are empty: the oldest member fills the open reports from the
   * store, then rebuilds their incidents from them; the others wait for it before they serve
   * ({@link FullRestart}).
   */
  private Future<Integer> restoreAfterFullRestart(NodeServices services) {
    return FullRestart.restoreOrAwait(node, () -> services.openReports()
        .restore(node.vertx(), store.reports(), services.json()::toJson)
        .compose(n -> {
          LOG.info("Restored {} open reports from the store into the cluster", n);
          return services.incidents().recount(node.vertx(), services.openReports())
              .onSuccess(rebuilt -> LOG.info("Rebuilt {} incidents from the open reports", rebuilt.size()))
              .compose(rebuilt -> services.alerts().restore())
              .onSuccess(alerts -> LOG.info("Restored {} active and recent alerts from the store", alerts))
              .map(n);
        }), RESTORE_PATIENCE);
  }

  /** Who is on duty and which tokens are revoked: cluster-wide, watched by every node. */
  private record Tracked(
      PatrollerPositions patrollers, RevokedTokens revoked, DeviceLinkRepository links,
      RevocationRepository revocations) {}

  private NodeServices services(
      Layer layer, Secrets.Stored jwtSecret, OpenReports open, ReportEvents events, ModeService mode,
      Tracked tracked) {
    Tokens tokens = new Tokens(node.vertx(), jwtSecret.value(), config.auth().issuer());
    CurrentLayer current = new CurrentLayer(layer);
    LayerService layers =
        new LayerService(
            node.vertx(),
            config.layer(),
            current,
            LayerArchive.districts(store),
            ActiveLayer.districts(node, config.store().timeoutMillis()),
            open);
    PlacesService places =
        new PlacesService(
            node.vertx(),
            current,
            LayerArchive.places(store),
            ActiveLayer.places(node, config.store().timeoutMillis()));
    // Suggestions carry the districts of the layer the node routes with.
    layers.onInstalled(l -> places.layerChanged());
    AlertAreasService alertAreas =
        new AlertAreasService(
            node.vertx(),
            current,
            AlertAreaFile.ashkelon(),
            LayerArchive.alertAreas(store),
            ActiveLayer.alertAreas(node, config.store().timeoutMillis()));
    layers.onInstalled(l -> alertAreas.layerChanged());
    AlertService alerts = new AlertService(node, new AlertRepository(store), alertAreas::current,
        config.alerts().recent(), config.store().timeoutMillis());
    // Alerts are a trigger of emergency mode (mode.alertAreas): the decider counts recent areas.
    Duration alertWindow = Duration.ofMinutes(config.mode().alertWindowMinutes());
    mode.alertedAreas(() -> alerts.areasAlertedWithin(alertWindow));
    LiveHub live = new LiveHub(events, config.live(), config.emergency().heatCellMeters());
    // Screens fetch the districts again when the cluster routes with another layer.
    layers.onInstalled(
        l ->
            live.broadcast(
                new io.vertx.core.json.JsonObject()
                    .put("type", "layer")
                    .put("version", l.version())
                    .put("name", l.name())
                    .put("districts", l.districts().size())));
    // ...and the alert areas when their file changes, or the districts each overlaps.
    alertAreas.onChanged(a -> live.broadcast(AlertAreasService.message(a)));
    ReportJson json = new ReportJson(ZoneId.of(config.timeZone()));
    PatrollerFeed patrollerFeed = new PatrollerFeed(tracked.patrollers(), json);
    patrollerFeed.feed(live);
    tracked.revoked().onRevoked(live::closeRevoked);
    DeviceLinks devices = new DeviceLinks(tokens, tracked.links(), tracked.revoked());
    ApiKeys keys = new ApiKeys(tokens, new ApiKeyRepository(store), tracked.revoked());
    return new NodeServices(
        config,
        node,
        store,
        store.reports(),
        open,
        events,
        live,
        current,
        layers,
        places,
        alertAreas,
        alerts,
        new Authentication(tokens, adminToken.value(), LiveSockets.PATH, tracked.revoked()::isRevoked),
        json,
        new Triage(config.triage()),
        mode,
        new IntakeMeter(config.mode().intakeRatePerCallerAndDistrict()),
        new Incidents(node.hazelcast(), config.incidents(), config.store().timeoutMillis()),
        new ConnectionGuard(config.http()),
        tracked.patrollers(),
        patrollerFeed,
        devices,
        new UploadSlots(config.media().maxConcurrentUploads()),
        keys,
        new Revocations(tokens, keys, devices, tracked.revocations(), tracked.revoked(), config.keys().jtiOnlyKeep()),
        new KeyRates(System::currentTimeMillis),
        metrics,
        Limits.of(config.limits(), node.vertx(), node.hazelcast()));
  }

  /** The node's shared services, for tests and diagnostics; null before a successful start. */
  NodeServices services() {
    return services;
  }

  private Future<String> deploy(io.vertx.core.Deployable verticle) {
    return node.vertx().deployVerticle(verticle).onSuccess(deployments::push);
  }

  private Future<String> deployFeed(NodeServices services) {
    this.services = services;
    new Reconciler(
            node,
            store.reports(),
            services.openReports(),
            services.events(),
            services.json()::toJson,
            Duration.ofSeconds(config.live().reconcileLookBackSeconds()),
            RECONCILE_SETTLE,
            services.live()::handedOut)
        .watch();
    return deploy(new LiveFeedVerticle(services.live(), services.openReports(), node.hazelcast().getCluster()));
  }

  /** Hamal's meters, the periodic checks that feed them, and a delay probe on each event loop. */
  private Future<String> deployMetrics(NodeServices services) {
    metrics.bind(services);
    long probe = config.metrics().eventLoopProbeMillis();
    return deploy(new MetricsVerticle(services))
        .compose(id -> node.vertx()
            .deployVerticle(() -> new EventLoopProbe(metrics, probe),
                new DeploymentOptions().setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE))
            .onSuccess(deployments::push));
  }

  private int eventLoops() {
    int instances = config.http().instances();
    return instances <= 0 ? VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE : instances;
  }

  private Future<String> deployHttp(NodeServices services) {
    var options = new DeploymentOptions().setInstances(eventLoops());
    return node.vertx()
        .deployVerticle(() -> new HttpServerVerticle(services), options)
        .onSuccess(deployments::push);
  }

  /**
   * Stops serving (in-flight requests finish, live clients are sent elsewhere), commits what is
   * pending, and leaves the cluster. Blocks; call it from a plain thread, such as a shutdown
   * hook, never from an event loop. Safe after a failed start and safe to call twice.
   */
  public synchronized void stop(Duration timeout) throws Exception {
    if (node == null) {
      return;
    }
    long seconds = timeout.toSeconds();
    try {
      stopWatching();
      while (!deployments.isEmpty()) {
        node.vertx().undeploy(deployments.pop()).await(seconds, TimeUnit.SECONDS);
      }
    } finally {
      deployments.clear();
      try {
        if (services != null) {
          services.mode().stop(); // its decisions write to the store, which closes next
        }
        if (store != null) {
          store.close().await(seconds, TimeUnit.SECONDS);
        }
      } finally {
        store = null;
        // Nothing may be chained after this: it stops the event loops themselves.
        ClusterNode leaving = node;
        node = null;
        leaving.leave().await(seconds, TimeUnit.SECONDS);
      }
    }
  }

  /** Their Hazelcast listeners would otherwise still call into verticles being undeployed. */
  private void stopWatching() {
    if (services == null) {
      return;
    }
    try {
      services.patrollers().stop();
      services.devices().revoked().stop();
      services.alerts().stop();
    } catch (RuntimeException e) {
      LOG.warn("Could not stop watching the patrollers and revoked tokens", e);
    }
  }

  /** True from a successful start until {@link #stop}. */
  public synchronized boolean isRunning() {
    return node != null;
  }

  public HamalConfig config() {
    return config;
  }

  /** The admin token, and whether it was generated by this start (and so may be shown). */
  public Secrets.Stored adminToken() {
    return adminToken;
  }

  public ClusterNode cluster() {
    return node;
  }
}
