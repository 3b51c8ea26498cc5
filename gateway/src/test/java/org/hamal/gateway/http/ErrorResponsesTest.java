package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures reach clients as the documented JSON error: the store's unavailability as 503. */
class ErrorResponsesTest {

  private Vertx vertx;
  private HttpServer server;
  /**
   * Held for the whole test: Vert.x closes a client nothing refers to any more, and one made per
   * request could be collected, its pool closed, while its request was still under way.
   */
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/timeout").handler(ctx -> ctx.fail(new RuntimeException(new NoStackTraceTimeoutException("store timed out"))));
    router.get("/lost").handler(ctx -> ctx.fail(new java.sql.SQLNonTransientConnectionException("Connection is broken")));
    router.get("/bug").handler(ctx -> ctx.fail(new IllegalStateException("a bug")));
    router.route().failureHandler(ErrorResponses::handle);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aStoreThatTimesOutOrLostItsConnectionIsA503WithRetryAfter() throws Exception {
    for (String path : new String[] {"/timeout", "/lost"}) {
      Answer r = get(path);
      assertThat(r.status()).as(path).isEqualTo(503);
      assertThat(r.retryAfter()).isEqualTo("1");
      JsonObject error = r.body().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("unavailable");
      assertThat(error.containsKey("field")).isTrue();
    }
  }

  @Test
  void aBugIsStillA500WithAnIncidentToLookUp() throws Exception {
    Answer r = get("/bug");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body().getJsonObject("error").getString("code")).isEqualTo("internal");
  }

  private record Answer(int status, String retryAfter, JsonObject body) {}

  private Answer get(String path) throws Exception {
    return client
        .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.getHeader("Retry-After"), b.toJsonObject())))
        .await(10, TimeUnit.SECONDS);
  }
}
