package org.hamal.gateway.fault;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Clients posting uniquely-keyed reports to whichever nodes are up, as intake gateways do: each
 * report has its own Idempotency-Key, and a request that fails (node killed, timeout, 503) is
 * retried with the same key on another node until it is acknowledged; one client sends every
 * attempt to two nodes at once. Records every acknowledgement: key → report id.
 */
final class IntakeLoad implements AutoCloseable {

  private static final String REPORT =
      "{\"category\":\"hazard\",\"description\":\"fault test\","
          + "\"location\":{\"lon\":34.5712,\"lat\":31.6688},\"channel\":\"sms\"}";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ExecutorService clients;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  /** How each key was acknowledged (node, time, replay, failed attempts before): for failures. */
  private final Map<String, String> how = new ConcurrentHashMap<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger replays = new AtomicInteger();
  /** One key acknowledged with two different ids: a duplicate the client could see. */
  private final AtomicInteger conflicting = new AtomicInteger();
  private final Object progress = new Object();
  private final Map<String, AtomicInteger> failureKinds = new ConcurrentHashMap<>();
  private static final int RETRY_BACKOFF_MS = 50;
  private final String run;
  private final String token;
  private final Supplier<List<Integer>> livePorts;

  /**
   * @param livePorts the HTTP ports of the nodes currently up (read before every attempt)
   */
  IntakeLoad(String run, String token, int clientCount, Supplier<List<Integer>> livePorts) {
    this.run = run;
    this.token = token;
    this.livePorts = livePorts;
    this.clients = Executors.newFixedThreadPool(clientCount);
    for (int c = 0; c < clientCount; c++) {
      int client = c;
      clients.submit(() -> clientLoop(client));
    }
  }

  private void clientLoop(int client) {
    // The first client is impatient, as a gateway that retries on another node while its first
    // request is still pending: each attempt goes to two nodes at once, so retries race their
    // originals and are answered as replays throughout the faults.
    boolean twice = client == 0;
    int n = 0;
    while (running.get()) {
      String key = run + "-" + client + "-" + n++;
      // A report is not abandoned while the load runs: retried until acknowledged.
      for (int tried = 0; running.get() && !acknowledged.containsKey(key); tried++) {
        attempt(key, tried, twice);
      }
    }
  }

  private void attempt(String key, int tried, boolean twice) {
    List<Integer> ports = new java.util.ArrayList<>(livePorts.get());
    if (ports.isEmpty()) {
      Thread.onSpinWait();
      return;
    }
    java.util.Collections.shuffle(ports);
    List<Integer> targets = ports.subList(0, twice ? Math.min(2, ports.size()) : 1);
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
    for (int port : targets) {
      attempts.incrementAndGet();
      sent.add(http.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/reports"))
              .timeout(Duration.ofSeconds(15))
              .header("Authorization", "Bearer " + token)
              .header("Idempotency-Key", key)
              .POST(HttpRequest.BodyPublishers.ofString(REPORT))
              .build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < sent.size(); i++) {
      try {
        answered(key, tried, targets.get(i), sent.get(i).get());
      } catch (java.util.concurrent.ExecutionException e) {
        failed(e.getCause().getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void answered(String key, int tried, int port, HttpResponse<String> r) {
    if (r.statusCode() != 201) {
      failed("HTTP " + r.statusCode());
      return;
    }
    boolean replayed = r.headers().firstValue("Idempotent-Replayed").isPresent();
    if (replayed) {
      replays.incrementAndGet();
    }
    String id = new JsonObject(r.body()).getString("id");
    String previous = acknowledged.putIfAbsent(key, id);
    if (previous == null) {
      how.put(key, "acknowledged by port " + port + " at " + java.time.Instant.now()
          + (replayed ? " as a replay" : "") + " after " + tried + " failed attempts");
    } else if (!previous.equals(id)) {
      conflicting.incrementAndGet();
    }
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** Counts a failed attempt; like a real gateway, the client backs off a little before retrying. */
  private void failed(String kind) {
    failures.incrementAndGet();
    failureKinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    try {
      Thread.sleep(RETRY_BACKOFF_MS + ThreadLocalRandom.current().nextInt(RETRY_BACKOFF_MS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Failed attempts by kind (status or exception). */
  Map<String, Integer> failureKinds() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    failureKinds.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Waits until at least {@code count} reports are acknowledged in all. */
  void awaitAcknowledged(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (acknowledged.size() < count) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new IllegalStateException(
              "only " + acknowledged.size() + " of " + count + " acknowledged in " + timeout);
        }
        progress.wait(left);
      }
    }
  }

  /** How the report under this key was acknowledged, for a failure's message. */
  String how(String key) {
    return how.getOrDefault(key, "not acknowledged");
  }

  int conflicting() {
    return conflicting.get();
  }

  /** Acknowledged so far: idempotency key → report id. */
  Map<String, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  int acknowledgedCount() {
    return acknowledged.size();
  }

  int failures() {
    return failures.get();
  }

  int replays() {
    return replays.get();
  }

  int attempts() {
    return attempts.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    clients.shutdown();
    if (!clients.awaitTermination(1, TimeUnit.MINUTES)) {
      clients.shutdownNow();
    }
  }
}
