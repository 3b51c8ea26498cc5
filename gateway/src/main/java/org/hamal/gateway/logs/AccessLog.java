package org.hamal.gateway.logs;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hamal.gateway.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: gives it a request id ({@code X-Request-Id}, the client's
 * when it sent a plain one) and, when {@code logs.access} is on, writes one JSON line to the
 * logger {@code hamal.access} when its answer ends. The line never holds personal data: the query
 * string is reduced to its parameter names (a search may hold a name or a phone number), and
 * bodies and headers other than the caller's identity are never read.
 */
public final class AccessLog implements Handler<RoutingContext> {

  public static final String LOGGER = "hamal.access";
  public static final String REQUEST_ID = "X-Request-Id";
  /** Where a request's id is kept in its routing context (the audit lines name it too). */
  static final String REQUEST_ID_KEY = "hamal.requestId";
  private static final String STARTED_KEY = "hamal.accessStarted";
  private static final String WRITTEN_KEY = "hamal.accessWritten";
  /** A client's request id is kept only when it is short and plain. */
  private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  /** A hostile path is cut here: a log line stays a line. */
  private static final int MAX_PATH = 512;
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final boolean enabled;

  public AccessLog(LogsConfig config) {
    this.enabled = config.access();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(REQUEST_ID);
    String id = given != null && PLAIN_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(REQUEST_ID_KEY, id);
    ctx.response().putHeader(REQUEST_ID, id);
    if (enabled && LOG.isInfoEnabled()) {
      ctx.put(STARTED_KEY, System.nanoTime());
      ctx.addEndHandler(done -> write(ctx, ctx.response().getStatusCode(), done.succeeded()));
    }
    ctx.next();
  }

  /**
   * A request upgraded to a WebSocket: its answer never "ends" as a response does, so its line
   * is written at the upgrade, with status 101.
   */
  public static void upgraded(RoutingContext ctx) {
    write(ctx, 101, true);
  }

  /** Writes the request's line once, if access lines are on (its start was noted). */
  private static void write(RoutingContext ctx, int status, boolean completed) {
    Long started = ctx.get(STARTED_KEY);
    if (started == null || ctx.get(WRITTEN_KEY) != null) {
      return;
    }
    ctx.put(WRITTEN_KEY, Boolean.TRUE);
    try {
      HttpServerRequest request = ctx.request();
      Caller caller = Caller.ofOrNull(ctx);
      JsonObject line = new JsonObject()
          .put("time", Instant.now().toString())
          .put("type", "access")
          .put("requestId", ctx.<String>get(REQUEST_ID_KEY))
          .put("method", request.method().name())
          .put("path", pathAndParameterNames(request.path(), request.query()))
          .put("status", status)
          .put("durationMs", Math.round((System.nanoTime() - started) / 1_000.0) / 1_000.0)
          .put("bytes", ctx.response().bytesWritten())
          .put("remote", Audit.remote(ctx))
          .put("subject", caller == null ? null : caller.subject());
      if (!completed) {
        line.put("aborted", true); // the connection closed before the whole answer was sent
      }
      LOG.info(line.encode());
    } catch (RuntimeException e) {
      LOG.debug("Access line not written", e); // a log line never fails a request
    }
  }

  private static final java.util.regex.Pattern PARAMETER_NAME =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z_.-]{0,31}");

  /** The path, with the query's parameter names only ({@code /a?q&limit}), cut to a bound. */
  static String pathAndParameterNames(String path, String query) {
    StringBuilder out = new StringBuilder(path == null ? "" : path);
    if (query != null && !query.isEmpty()) {
      char sep = '?';
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        // A bare value sent as a name (?0541234567) is not logged: only what looks like a name.
        out.append(sep).append(PARAMETER_NAME.matcher(name).matches() ? name : "?");
        sep = '&';
      }
    }
    return out.length() > MAX_PATH ? out.substring(0, MAX_PATH) + "…" : out.toString();
  }
}
