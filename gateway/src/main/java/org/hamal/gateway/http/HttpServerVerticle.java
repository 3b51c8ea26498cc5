package org.hamal.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Authentication;
import org.hamal.gateway.auth.ClientAddress;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.live.FanoutBench;
import org.hamal.gateway.live.LiveSockets;
import org.hamal.gateway.logs.AccessLog;
import org.hamal.gateway.metrics.MetricsRoute;
import org.hamal.gateway.open311.Open311Routes;
import org.hamal.gateway.patrollers.PatrollerFeed;

/**
 * The HTTP and WebSocket server. Deployed once per event loop; every instance listens on the
 * same port and Vert.x spreads connections across them.
 */
public final class HttpServerVerticle extends VerticleBase {

  private static final String PATROLLER_POSITION = "/api/v1/patrollers/me/position";
  /** How long a stopping server waits for in-flight requests. */
  private static final long SHUTDOWN_GRACE_SECONDS = 20;

  private final NodeServices services;
  private HttpServer server;
  private LiveSockets live;
  private Router router;

  public HttpServerVerticle(NodeServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    live = new LiveSockets(services, services.live());
    router = router();
    var http = services.config().http();
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(http.host())
                .setPort(http.port())
                .setCompressionSupported(true)
                .setTcpNoDelay(true)
                // Open311 forms: a field (a Hebrew description, URL-encoded six bytes a letter) up
                // to the API's body limit, not the default 8 KiB.
                .setMaxFormAttributeSize((int) Math.min(Integer.MAX_VALUE, http.bodyLimitBytes()))
                // HTTP/1.1 only: a cleartext HTTP/2 server waits for a connection's first bytes
                // before it takes it up, and a silent connection would never be counted or timed.
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(http.idleTimeoutSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
    ConnectionGuard guard = services.connections();
    return live.start(vertx).compose(v -> server
        .connectionHandler(connection -> {
          guard.opened(vertx, connection);
          ParserErrors.watch(connection);
        })
        .invalidRequestHandler(ParserErrors::answer)
        .requestHandler(request -> {
          guard.headReceived(vertx, request);
          ApiError refused = RequestChecks.problem(request);
          if (refused != null) {
            ErrorResponses.send(request.response(), refused.status(), refused.code(), refused.getMessage(), refused.field());
            return;
          }
          router.handle(request);
        })
        .listen());
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(new AccessLog(services.config().logs()));
    ClientAddress clientAddress = new ClientAddress(services.config().http());
    if (clientAddress.trustsAnyProxy()) {
      router.route().handler(clientAddress::resolve);
    }
    AuthenticationHandler authn = services.authentication().handler();
    ReportQueryHandlers queries = new ReportQueryHandlers(services);
    DistrictHandlers districts = new DistrictHandlers(services.layer());
    HealthHandlers health = new HealthHandlers(services);

    LimitHandlers limits = new LimitHandlers(services);
    SecurityHeaders headers = new SecurityHeaders(services.config().map());
    router.route().handler(headers::add);
    // Before the limit on requests without a token: a load balancer's health checks and the
    // scraper must keep working while a flood from anywhere is refused.
    router.get("/health").handler(health::health);
    router.get("/ready").handler(health::ready);
    MetricsRoute.mount(router, services.config().metrics(), services.metrics(), authn);
    router.route().handler(limits::anonymous);
    router.get("/config.json").handler(this::pageConfig);
    router.get("/api/v1/districts").handler(districts::featureCollection);
    router.get("/api/v1/districts/locate").handler(districts::locate);
    AlertAreaHandlers alertAreas = new AlertAreaHandlers(services.alertAreas());
    router.get("/api/v1/alert-areas").handler(alertAreas::featureCollection);
    router.get(OpenApiHandler.PATH).handler(new OpenApiHandler(vertx)::serve);
    if (services.config().bench().noopEndpoint()) {
      router
          .post("/bench/noop")
          .handler(bodyHandler(services.config().http().bodyLimitBytes()))
          .handler(authn)
          .handler(Authentication.requireAny(Role.ADMIN))
          .handler(HttpServerVerticle::noop);
    }
    if (services.config().bench().fanoutEndpoint()) {
      router
          .post("/bench/fanout")
          .handler(bodyHandler(services.config().http().bodyLimitBytes()))
          .handler(authn)
          .handler(Authentication.requireAny(Role.ADMIN))
          .handler(new FanoutBench(services.live()));
    }

    router.route("/api/*").handler(authn);
    router.route("/api/*").handler(Bodies::notAForm);
    Intake intake = new Intake(services);
    var reporters =
        Authentication.requireAny(
            Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.PATROLLER, Role.INTAKE);
    // A literal ':' would start a path parameter, hence the regular expression.
    // Authorised on a route of their own before a body (4 MiB of batch, 10 MiB of photo) is read,
    // as for uploads below: Vert.x Web takes no authorization before a body handler on one route.
    router.postWithRegex("/api/v1/reports:batch").handler(reporters);
    router
        .postWithRegex("/api/v1/reports:batch")
        .handler(bodyHandler(services.config().http().batchBodyLimitBytes()))
        .handler(new BatchIntakeHandler(services, intake));
    MediaHandlers media = new MediaHandlers(services);
    router.post("/api/v1/reports/:id/media").handler(reporters).handler(media::rawBody);
    router
        .post("/api/v1/reports/:id/media")
        // Before the API's body handler: a photo has a limit of its own (media.maxBytes). The
        // reporters' roles; a patroller in their districts or on what they filed (the handler checks).
        .handler(bodyHandler(services.config().media().maxBytes()))
        .handler(media::upload);
    router.post("/api/*").handler(bodyHandler(services.config().http().bodyLimitBytes()));
    router.post("/api/v1/reports").handler(reporters).handler(limits::intake).handler(new IntakeHandler(services, intake));
    ReportUpdateHandlers updates = new ReportUpdateHandlers(services);
    router.patch("/api/*").handler(bodyHandler(services.config().http().bodyLimitBytes()));
    router
        .patch("/api/v1/reports/:id")
        .handler(Authentication.requireAny(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.PATROLLER))
        .handler(updates::patch);
    router.get("/api/v1/reports/:id/history").handler(anyRole()).handler(updates::history);
    router.get("/api/v1/reports/:id/media").handler(anyRole()).handler(media::list);
    router.get("/api/v1/reports/:id/media/:mediaId").handler(anyRole()).handler(media::content);
    ExportHandlers exports = new ExportHandlers(services);
    router.get("/api/v1/reports.geojson").handler(anyRole()).handler(exports::geoJson);
    router.get("/api/v1/reports.csv").handler(anyRole()).handler(exports::csv);
    router.get("/api/v1/reports/:id").handler(anyRole()).handler(queries::one);
    router.get("/api/v1/reports").handler(anyRole()).handler(queries::list);
    router.get(LiveSockets.PATH).handler(anyRole()).handler(live::accept);
    IncidentHandlers incidents = new IncidentHandlers(services);
    var operators = Authentication.requireAny(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR);
    router.get("/api/v1/incidents.cap").handler(anyRole()).handler(exports::capFeed);
    // Before /api/v1/incidents/:id, which would take "{id}.cap" for an id.
    router.getWithRegex("/api/v1/incidents/(?<id>[^/]+)\\.cap").handler(anyRole()).handler(exports::capOne);
    router.get("/api/v1/incidents").handler(anyRole()).handler(incidents::list);
    router.get("/api/v1/incidents/:id").handler(anyRole()).handler(incidents::one);
    router.post("/api/v1/incidents/:id/merge").handler(operators).handler(incidents::merge);
    router.post("/api/v1/incidents/:id/split").handler(operators).handler(incidents::split);
    ModeHandlers mode = new ModeHandlers(services);
    var supervisors = Authentication.requireAny(Role.ADMIN, Role.SUPERVISOR);
    router.get("/api/v1/mode").handler(anyRole()).handler(mode::get);
    LayerHandlers layer = new LayerHandlers(services.layers());
    router.get("/api/v1/layer").handler(anyRole()).handler(layer::get);
    // Uploads of up to 32 MiB are authorised on a route of their own, before the body route
    // reads a byte (Vert.x Web takes no authorization before a body handler on one route).
    var admin = Authentication.requireAny(Role.ADMIN);
    router.put("/api/v1/layer").handler(admin);
    router.put("/api/v1/places").handler(admin);
    router.put("/api/v1/alert-areas").handler(admin);
    router
        .put("/api/v1/layer")
        .handler(bodyHandler(services.config().layer().uploadLimitBytes()))
        .handler(layer::put);
    PlaceHandlers places = new PlaceHandlers(services.places(), services.config().places());
    router.get("/api/v1/places").handler(anyRole()).handler(places::search);
    router.get("/api/v1/places/file").handler(anyRole()).handler(places::file);
    router
        .put("/api/v1/places")
        // As for layers: a city's file has a limit of its own.
        .handler(bodyHandler(services.config().places().uploadLimitBytes()))
        .handler(places::put);
    router.get("/api/v1/alert-areas/file").handler(anyRole()).handler(alertAreas::file);
    router
        .put("/api/v1/alert-areas")
        // Polygons like a district layer's, under the layer's limit.
        .handler(bodyHandler(services.config().layer().uploadLimitBytes()))
        .handler(alertAreas::put);
    router.put("/api/*").handler(bodyHandler(services.config().http().bodyLimitBytes()));
    router.put("/api/v1/mode").handler(supervisors).handler(mode::set);
    PatrollerHandlers patrollers = new PatrollerHandlers(services);
    var patroller = Authentication.requireAny(Role.PATROLLER);
    router.put(PATROLLER_POSITION).handler(patroller).handler(patrollers::putPosition);
    router.delete(PATROLLER_POSITION).handler(patroller).handler(patrollers::offDuty);
    router.get("/api/v1/patrollers")
        .handler(Authentication.requireAny(PatrollerFeed.READERS.toArray(Role[]::new)))
        .handler(patrollers::list);
    DeviceLinkHandlers devices = new DeviceLinkHandlers(services);
    router.post(DeviceLinkHandlers.LINKS).handler(supervisors).handler(devices::issue);
    router.get(DeviceLinkHandlers.LINKS).handler(supervisors).handler(devices::list);
    router.delete(DeviceLinkHandlers.LINKS + "/:jti").handler(supervisors).handler(devices::revoke);
    ApiKeyHandlers keys = new ApiKeyHandlers(services);
    router.post(ApiKeyHandlers.KEYS).handler(admin).handler(keys::create);
    router.get(ApiKeyHandlers.KEYS).handler(admin).handler(keys::list);
    router.delete(ApiKeyHandlers.KEYS + "/:id").handler(admin).handler(keys::revoke);
    router.post(ApiKeyHandlers.REVOKE).handler(admin).handler(keys::revokeToken);
    AlertHandlers alerts = new AlertHandlers(services);
    router.post(AlertHandlers.ALERTS).handler(Authentication.requireAny(Role.ALERTS, Role.ADMIN)).handler(alerts::create);
    router.get(AlertHandlers.ALERTS).handler(anyRole()).handler(alerts::list);
    router.get(AlertHandlers.ALERTS + "/:id").handler(anyRole()).handler(alerts::get);
    router.post(AlertHandlers.ALERTS + "/:id/clear")
        .handler(Authentication.requireAny(Role.ALERTS, Role.ADMIN, Role.SUPERVISOR))
        .handler(alerts::clear);
    router.post(AlertHandlers.ALERTS + "/:id/safe").handler(patroller).handler(alerts::safe);
    router.post("/api/v1/mode/release").handler(supervisors).handler(mode::release);
    router.get("/api/v1/mode/history").handler(Authentication.requireAny(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR)).handler(mode::history);
    router.post("/api/v1/callcenter/load").handler(Authentication.requireAny(Role.ADMIN, Role.INTAKE)).handler(mode::callCenterLoad);
    router
        .get("/api/v1/cluster")
        .handler(Authentication.requireAny(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR))
        .handler(health::cluster);

    MethodNotAllowed otherMethods = new MethodNotAllowed(router, "/api/");
    router.route("/api/*").handler(otherMethods::handle);

    // Open311 GeoReport v2: public reads, api_key in the form for filing (its own errors).
    Open311Routes.mount(router, services, intake);

    router.route("/vendor/leaflet/*").handler(SecurityHeaders::page)
        .handler(StaticHandler.create("META-INF/resources/webjars/leaflet/1.9.4"));
    // The API page (/docs/api/) renders /api/v1/openapi.json with Swagger UI, from the node: no internet.
    router.route("/vendor/swagger-ui/*").handler(SecurityHeaders::page)
        .handler(StaticHandler.create("META-INF/resources/webjars/swagger-ui/5.35.0"));
    router.route("/*").handler(SecurityHeaders::page).handler(StaticHandler.create("webroot").setIndexPage("index.html"));

    router.route().failureHandler(ErrorResponses::handle);
    router.errorHandler(404, ErrorResponses::handle);
    router.errorHandler(405, ErrorResponses::handle);
    router.errorHandler(413, ErrorResponses::handle);
    router.errorHandler(500, ErrorResponses::handle);
    return router;
  }

  /** The routes this instance serves, for the test that holds them against the OpenAPI document. */
  List<Route> routes() {
    return router.getRoutes();
  }

  private static BodyHandler bodyHandler(long limit) {
    return BodyHandler.create(false).setBodyLimit(limit).setHandleFileUploads(false);
  }

  private static io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> anyRole() {
    return Authentication.requireAny(Role.values());
  }

  private static final io.vertx.core.buffer.Buffer NOOP_ANSWER =
      io.vertx.core.buffer.Buffer.buffer("{\"status\":\"noop\"}");

  /** The benchmark baseline: the same server, authentication and body handling, and no work at all. */
  private static void noop(io.vertx.ext.web.RoutingContext ctx) {
    ctx.response()
        .setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .end(NOOP_ANSWER.copy());
  }

  /**
   * What the pages need before sign-in: the tile source, the city's time zone, the categories
   * with their triage priority (life safety first on a form), the response targets by priority,
   * and how the ops map draws patrollers (their trails, when one is stale).
   */
  private void pageConfig(io.vertx.ext.web.RoutingContext ctx) {
    var config = services.config();
    var triage = config.triage();
    JsonArray categories = new JsonArray();
    config.reports().categories().stream()
        .map(c -> new JsonObject().put("id", c).put("priority", triage.categoryPriority().getOrDefault(c, triage.defaultPriority()))
            .put("name_he", config.reports().nameOf(c).he())
            .put("name_en", config.reports().nameOf(c).en()))
        .sorted(java.util.Comparator.comparingInt((JsonObject c) -> -c.getInteger("priority")))
        .forEach(categories::add);
    Bodies.json(
        ctx,
        200,
        new JsonObject()
            .put("tileUrl", config.map().tileUrl())
            .put("tileAttribution", config.map().tileAttribution())
            .put("timeZone", config.timeZone())
            .put("lifeSafetyPriority", config.admission().lifeSafetyPriority())
            .put("categories", categories)
            .put("sla", new JsonObject()
                .put("routineMinutes", byPriority(config.sla().routineMinutes()))
                .put("emergencyMinutes", byPriority(config.sla().emergencyMinutes())))
            .put("incidents", new JsonObject()
                .put("radiusMeters", config.incidents().radiusMeters())
                .put("windowMinutes", config.incidents().windowMinutes()))
            .put("patrollers", new JsonObject()
                .put("trailPoints", config.patrollers().trailPoints())
                .put("trailMinutes", config.patrollers().trailMinutes())
                .put("staleMinutes", config.patrollers().staleMinutes())));
  }

  private static JsonObject byPriority(java.util.Map<Integer, Integer> minutes) {
    JsonObject json = new JsonObject();
    minutes.forEach((priority, limit) -> json.put(String.valueOf(priority), limit));
    return json;
  }

  @Override
  public Future<?> stop() {
    // Send live clients to another node first (they would hold the drain open), then stop
    // accepting and let in-flight requests finish.
    return live.stop()
        .eventually(
            () ->
                server == null
                    ? Future.succeededFuture()
                    : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS));
  }
}
