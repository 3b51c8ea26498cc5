package org.hamal.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import org.hamal.cluster.devices.DeviceLink;
import org.hamal.cluster.report.ReportJson;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;
import org.hamal.gateway.devices.DeviceLinks;
import org.hamal.gateway.logs.Audit;

/**
 * Sign-in links for shared tablets: {@code POST /api/v1/devices/links} issues one,
 * {@code GET /api/v1/devices/links} lists those not yet expired, and
 * {@code DELETE /api/v1/devices/links/{jti}} revokes one.
 */
final class DeviceLinkHandlers {

  private final NodeServices services;
  private final DeviceLinkValidator validator;

  DeviceLinkHandlers(NodeServices services) {
    this.services = services;
    this.validator = new DeviceLinkValidator(services.config().devices());
  }

  void issue(RoutingContext ctx) {
    DeviceLinkValidator.LinkRequest request =
        validator.validate(Bodies.jsonObject(ctx), services.layer().layer());
    services.devices()
        .issue(request.subject(), request.districts(), request.ttl(), Caller.of(ctx).subject(), base(ctx))
        .onSuccess(issued -> Audit.log(ctx, "device-link.issued", new JsonObject().put("jti", issued.link().jti())))
        .onSuccess(issued -> Bodies.json(ctx, 201, new JsonObject()
            .put("url", issued.url())
            .put("token", issued.token())
            .put("expiresAt", services.json().format(issued.link().expiresAt()))
            .put("jti", issued.link().jti())
            .put("subject", issued.link().subject())
            .put("districts", new JsonArray(issued.link().districts()))
            .put("qrSvg", issued.qrSvg())))
        .onFailure(e -> ctx.fail(e instanceof DeviceLinks.TooLongForQrCode
            ? ApiError.invalid("too_long", e.getMessage(), "districts")
            : e));
  }

  void list(RoutingContext ctx) {
    services.devices().active()
        .onSuccess(links -> {
          JsonArray out = new JsonArray();
          links.forEach(l -> out.add(render(l, services.json())));
          Bodies.json(ctx, 200, new JsonObject().put("links", out));
        })
        .onFailure(ctx::fail);
  }

  void revoke(RoutingContext ctx) {
    String jti = ReportPaths.uuid(ctx, "jti"); // a link's id is a UUID: anything else (a NUL) names none
    services.devices().revoke(jti)
        .onSuccess(found -> {
          if (found.isPresent()) {
            Audit.log(ctx, "device-link.revoked", new JsonObject().put("jti", jti));
          }
          Bodies.revoked(ctx, found, "no device link with this id that has not expired");
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject render(DeviceLink l, ReportJson json) {
    return new JsonObject()
        .put("jti", l.jti())
        .put("subject", l.subject())
        .put("districts", new JsonArray(l.districts()))
        .put("issuedBy", l.issuedBy())
        .put("issuedAt", json.format(l.issuedAt()))
        .put("expiresAt", json.format(l.expiresAt()))
        .put("revokedAt", l.revokedAt() == null ? null : json.format(l.revokedAt()));
  }

  /** {@code http.publicUrl} when configured, else the address this request came to. */
  private String base(RoutingContext ctx) {
    String configured = services.config().http().publicUrl();
    if (configured != null && !configured.isBlank()) {
      return services.config().http().baseUrl();
    }
    HostAndPort authority = ctx.request().authority();
    String host = authority == null ? services.config().http().host() : authority.host();
    int port = authority == null ? services.config().http().port() : authority.port();
    return ctx.request().scheme() + "://" + host + (port > 0 ? ":" + port : "");
  }

  /** The device sign-in paths, for the router. */
  static final String LINKS = "/api/v1/devices/links";
}
