package org.hamal.surge.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.hamal.surge.audit.Ledger;

/**
 * Sends reports to the intake API over Vert.x's HTTP client, spreading requests over the target
 * nodes, and records each answer: acknowledgements (latency from the scheduled time) in the
 * metrics and the ledger, refusals and failures as errors by kind. With idempotent retries, each
 * send carries an {@code Idempotency-Key}, and a timeout, a broken connection or a 5xx is retried
 * with the same key, on the next node, after a jittered back-off.
 */
public final class Intake implements Dispatcher {

  public static final String SINGLE_PATH = "/api/v1/reports";
  public static final String BATCH_PATH = "/api/v1/reports:batch";

  /** Settings; {@code retries} above zero turns on idempotency keys and retries. */
  public record Options(List<URI> targets, String token, long timeoutMillis, int retries) {}

  private record Answer(int status, String body, String retryAfter) {}

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final Options options;
  private final Metrics metrics;
  private final Ledger ledger;
  private final List<Context> contexts = new ArrayList<>();
  private final AtomicLong next = new AtomicLong();
  private final LongAdder retried = new LongAdder();
  private volatile boolean batchUnsupported;

  public Intake(Vertx vertx, HttpClientAgent client, Options options, Metrics metrics, Ledger ledger) {
    this.vertx = vertx;
    this.client = client;
    this.options = options;
    this.metrics = metrics;
    this.ledger = ledger;
    // A context per event loop: sends are spread over them instead of funnelled through one.
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      contexts.add(vertx.getOrCreateContext());
    }
  }

  @Override
  public void dispatch(Send send, Runnable done) {
    long n = next.getAndIncrement();
    String key = options.retries() > 0 ? UUID.randomUUID().toString() : null;
    contexts.get((int) (n % contexts.size())).runOnContext(v -> attempt(send, key, (int) n, 0, done));
  }

  private void attempt(Send send, String key, int node, int attempt, Runnable done) {
    URI target = options.targets().get(Math.floorMod(node + attempt, options.targets().size()));
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(target.getHost())
            .setPort(target.getPort() > 0 ? target.getPort() : 80)
            .setURI(send.batch() ? BATCH_PATH : SINGLE_PATH)
            .setTimeout(options.timeoutMillis())
            .putHeader("Authorization", "Bearer " + options.token())
            .putHeader("Content-Type", "application/json");
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    Buffer body;
    if (send.batch()) {
      JsonArray items = new JsonArray();
      send.items().forEach(i -> items.add(i.report().toJson()));
      body = items.toBuffer();
    } else {
      body = send.items().get(0).report().toJson().toBuffer();
    }
    long sentAt = System.nanoTime();
    client
        .request(request)
        .compose(
            req ->
                req.send(body)
                    .compose(
                        resp ->
                            resp.body()
                                .map(b -> new Answer(resp.statusCode(), b.toString(), resp.getHeader("Retry-After")))))
        .onComplete(
            ar -> {
              try {
                if (ar.failed()) {
                  failed(send, key, node, attempt, done, failureKind(ar.cause()), null);
                } else {
                  answered(send, key, node, attempt, done, ar.result(), sentAt);
                }
              } catch (RuntimeException e) {
                // A send must always end, or the run would wait for it forever.
                metrics.error("client_" + e.getClass().getSimpleName(), send.size());
                done.run();
              }
            });
  }

  private void answered(Send send, String key, int node, int attempt, Runnable done, Answer a, long sentAt) {
    int status = a.status();
    if (!send.batch() && status == 201) {
      Answers.ItemAnswer item = Answers.report(a.body());
      Send.Item sent = send.items().get(0);
      if (item.created()) {
        ack(sent, item, sentAt);
      } else {
        metrics.error("http_201_" + item.errorCode(), 1);
      }
      done.run();
      return;
    }
    if (send.batch() && status >= 200 && status < 300) {
      List<Answers.ItemAnswer> items = Answers.batch(a.body(), status);
      for (int i = 0; i < send.size(); i++) {
        if (i >= items.size()) {
          metrics.error("batch_item_unanswered", 1);
          continue;
        }
        Answers.ItemAnswer item = items.get(i);
        if (item.created()) {
          ack(send.items().get(i), item, sentAt);
        } else {
          metrics.error("batch_item_" + item.status() + "_" + item.errorCode(), 1);
        }
      }
      done.run();
      return;
    }
    if (send.batch() && status == 404) {
      batchUnsupported = true;
      metrics.error("batch_unsupported", send.size());
      done.run();
      return;
    }
    String kind = "http_" + status + "_" + Answers.errorCode(a.body());
    if (status >= 500) {
      failed(send, key, node, attempt, done, kind, a.retryAfter());
      return;
    }
    metrics.error(kind, send.size());
    done.run();
  }

  private void ack(Send.Item sent, Answers.ItemAnswer item, long sentAt) {
    long now = System.nanoTime();
    metrics.acked(now - sent.scheduledNanos(), now - sentAt);
    String category = item.category() != null ? item.category() : sent.report().category();
    ledger.acked(item.id(), item.district(), category, now);
  }

  private void failed(
      Send send, String key, int node, int attempt, Runnable done, String kind, String retryAfter) {
    if (key != null && attempt < options.retries()) {
      retried.increment();
      vertx.setTimer(backoffMillis(attempt, retryAfter), t -> attempt(send, key, node, attempt + 1, done));
      return;
    }
    metrics.error(kind, send.size());
    done.run();
  }

  /** 100 ms doubling, ×0.5–1 jitter, or the server's Retry-After (capped at 5 s). */
  static long backoffMillis(int attempt, String retryAfter) {
    if (retryAfter != null) {
      try {
        return Math.min(5_000, Math.max(1, Long.parseLong(retryAfter.trim()) * 1000));
      } catch (NumberFormatException e) {
        // an HTTP date: use our own back-off
      }
    }
    long base = 100L << Math.min(attempt, 6);
    return Math.max(1, (long) (base * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
  }

  static String failureKind(Throwable t) {
    String name = t.getClass().getSimpleName();
    if (name.contains("Timeout")) {
      return "timeout";
    }
    if (t instanceof ConnectException) {
      return "connection_refused";
    }
    if (t instanceof HttpClosedException) {
      return "connection_closed";
    }
    return "io_" + name;
  }

  public long retried() {
    return retried.sum();
  }

  /** Whether a node answered 404 to batch intake (it does not offer it yet). */
  public boolean batchUnsupported() {
    return batchUnsupported;
  }

  public Future<Void> close() {
    return client.close();
  }
}
