package org.hamal.surge.audit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every acknowledged report back through {@code GET /api/v1/reports/{id}}, a bounded
 * number at a time, spread over the nodes. A 404 is a report the store lost; any other failure,
 * after a few retries, is a report that could not be checked (the audit fails on both).
 */
public final class ReadBack {

  /** Ids answered 404, and ids that could not be read for another reason. */
  public record Outcome(Set<String> notFound, Map<String, String> unreadable) {}

  private static final int ATTEMPTS = 4;

  private final Vertx vertx;
  private final HttpClient client;
  private final List<URI> targets;
  private final String token;
  private final int concurrency;
  private final long timeoutMillis;

  public ReadBack(Vertx vertx, HttpClient client, List<URI> targets, String token, int concurrency, long timeoutMillis) {
    this.vertx = vertx;
    this.client = client;
    this.targets = targets;
    this.token = token;
    this.concurrency = Math.max(1, concurrency);
    this.timeoutMillis = timeoutMillis;
  }

  public Future<Outcome> check(List<String> ids) {
    Set<String> notFound = ConcurrentHashMap.newKeySet();
    Map<String, String> unreadable = new ConcurrentHashMap<>();
    AtomicInteger cursor = new AtomicInteger();
    AtomicInteger running = new AtomicInteger(Math.min(concurrency, ids.size()));
    Promise<Outcome> all = Promise.promise();
    if (ids.isEmpty()) {
      all.complete(new Outcome(notFound, unreadable));
      return all.future();
    }
    int workers = running.get();
    for (int w = 0; w < workers; w++) {
      // Each worker context takes the next id when its previous read is done.
      vertx.getOrCreateContext().runOnContext(v -> nextRead(ids, cursor, running, notFound, unreadable, all));
    }
    return all.future();
  }

  private void nextRead(
      List<String> ids, AtomicInteger cursor, AtomicInteger running, Set<String> notFound,
      Map<String, String> unreadable, Promise<Outcome> all) {
    int i = cursor.getAndIncrement();
    if (i >= ids.size()) {
      if (running.decrementAndGet() == 0) {
        all.complete(new Outcome(notFound, unreadable));
      }
      return;
    }
    String id = ids.get(i);
    read(id, i, 0)
        .onComplete(
            ar -> {
              String problem = ar.succeeded() ? ar.result() : "failed: " + ar.cause().getMessage();
              if ("not_found".equals(problem)) {
                notFound.add(id);
              } else if (problem != null) {
                unreadable.put(id, problem);
              }
              nextRead(ids, cursor, running, notFound, unreadable, all);
            });
  }

  /** Null when the report reads back as itself, {@code not_found} on 404, else what went wrong. */
  private Future<String> read(String id, int spread, int attempt) {
    URI target = targets.get(Math.floorMod(spread + attempt, targets.size()));
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(target.getHost())
            .setPort(target.getPort() > 0 ? target.getPort() : 80)
            .setURI("/api/v1/reports/" + id)
            .setTimeout(timeoutMillis)
            .putHeader("Authorization", "Bearer " + token);
    Future<String> once =
        client
            .request(request)
            .compose(req -> req.send().compose(resp -> resp.body().map(b -> verdict(id, resp.statusCode(), b.toString()))));
    return once.transform(
        ar -> {
          String problem = ar.succeeded() ? ar.result() : "failed: " + ar.cause().getMessage();
          boolean retry = problem != null && !"not_found".equals(problem) && attempt + 1 < ATTEMPTS;
          if (!retry) {
            return Future.succeededFuture(problem);
          }
          Promise<String> later = Promise.promise();
          vertx.setTimer(200L << attempt, t -> read(id, spread, attempt + 1).onComplete(later));
          return later.future();
        });
  }

  static String verdict(String id, int status, String body) {
    if (status == 404) {
      return "not_found";
    }
    if (status != 200) {
      return "status " + status;
    }
    try {
      String got = new JsonObject(body).getString("id");
      return id.equals(got) ? null : "answered with id " + got;
    } catch (RuntimeException e) {
      return "unreadable body";
    }
  }
}
