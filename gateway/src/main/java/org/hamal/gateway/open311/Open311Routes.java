package org.hamal.gateway.open311;

import io.vertx.ext.web.Router;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.http.Intake;

/**
 * Open311 GeoReport v2 under {@code /open311/v2/}, in {@code .json} and {@code .xml}, with the
 * specification's discovery at {@code /open311/discovery.json} and {@code .xml}. Every failure on
 * these paths is answered in the specification's error format.
 */
public final class Open311Routes {

  private static final String FORMAT = "\\.(?<format>json|xml)";
  private static final String V2 = "/open311/v2/";

  private Open311Routes() {}

  /**
   * @param intake the server verticle's intake: Open311 requests are reports like any other
   */
  public static void mount(Router router, NodeServices services, Intake intake) {
    var config = services.config();
    RequestView view = new RequestView(config);
    ServiceHandlers servicesHandlers = new ServiceHandlers(config, view);
    RequestHandlers requests = new RequestHandlers(services, intake, view);
    PostRequest post = new PostRequest(services, intake);
    FormBody form = new FormBody(config.media().maxBytes(), config.http().bodyLimitBytes());

    router.getWithRegex("/open311/discovery" + FORMAT).handler(servicesHandlers::discovery);
    router.getWithRegex(V2 + "services" + FORMAT).handler(servicesHandlers::services);
    router.getWithRegex(V2 + "services/(?<code>[^/]+?)" + FORMAT).handler(servicesHandlers::definition);
    router.postWithRegex(V2 + "requests" + FORMAT).handler(form::read).handler(post::handle);
    router.getWithRegex(V2 + "requests" + FORMAT).handler(requests::list);
    router.getWithRegex(V2 + "requests/(?<id>[^/]+?)" + FORMAT).handler(requests::one);
    router.getWithRegex(V2 + "tokens/(?<token>[^/]+?)" + FORMAT).handler(requests::token);
    // Anything else under /open311/ is the specification's 404, not a page.
    router.route("/open311/*").handler(ctx -> ctx.fail(Open311Errors.notFound("no such resource")));
    router.route("/open311/*").failureHandler(Open311Errors::handle);
  }
}
