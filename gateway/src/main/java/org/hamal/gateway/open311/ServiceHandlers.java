package org.hamal.gateway.open311;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.hamal.gateway.config.HamalConfig;

/**
 * Discovery, {@code GET services} and {@code GET services/{service_code}}: the configured
 * categories, named in the language asked for. No category needs attributes yet, so every
 * service has {@code metadata} false and an empty definition.
 */
final class ServiceHandlers {

  static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";

  private final HamalConfig config;
  private final RequestView view;
  /** When this node's list of services was read: the configuration's, at start. */
  private final String changeset;

  ServiceHandlers(HamalConfig config, RequestView view) {
    this.config = config;
    this.view = view;
    this.changeset = view.time(Instant.now());
  }

  void discovery(RoutingContext ctx) {
    String base = BaseUrl.of(ctx, config.http());
    JsonObject endpoint = new JsonObject()
        .put("specification", SPECIFICATION)
        .put("url", base + "/open311/v2")
        .put("changeset", changeset)
        .put("type", "production")
        .put("formats", new JsonArray().add("text/xml").add("application/json"));
    JsonObject discovery = new JsonObject()
        .put("changeset", changeset)
        .put("contact", config.open311().contact())
        .put("key_service", "api_key: a Hamal token with a role that files reports (docs/api.md, Open311 GeoReport v2)")
        .put("endpoints", new JsonArray().add(endpoint));
    Format.of(ctx).send(ctx, 200, discovery, "discovery");
  }

  void services(RoutingContext ctx) {
    Language language = Language.of(ctx);
    var triage = config.triage();
    JsonArray services = new JsonArray();
    config.reports().categories().forEach(code -> services.add(new JsonObject()
        .put("service_code", code)
        .put("service_name", view.serviceName(code, language))
        .put("description", view.serviceName(code, language))
        .put("metadata", false)
        .put("type", "realtime")
        .put("keywords", "")
        .put("group", "priority-" + triage.categoryPriority().getOrDefault(code, triage.defaultPriority()))));
    Format.of(ctx).send(ctx, 200, services, "services", "service");
  }

  void definition(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    if (!config.reports().categories().contains(code)) {
      throw Open311Errors.notFound("no service " + code);
    }
    JsonObject definition = new JsonObject().put("service_code", code).put("attributes", new JsonArray());
    Format.of(ctx).send(ctx, 200, definition, "service_definition");
  }
}
