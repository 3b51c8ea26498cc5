package org.hamal.surge.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rocket-barrage's sirens: at the start of each wave (the impacts of one salvo) an alert for
 * the alert areas over the districts it hits, and the all-clear when its reports stop coming (the
 * end of its burst window, at the latest the end of the run). Reports keep coming from inside the
 * alerted areas meanwhile, as in a real barrage.
 */
public final class BarrageAlerts {

  /** A wave: when it starts and ends (seconds into the run), the districts hit and the areas alerted. */
  public record Wave(int number, double startSeconds, double endSeconds, Set<String> districts, List<String> areas) {}

  private final AlertsApi api;
  private final String token;
  private final String run;
  private final List<Wave> waves;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "surge-alerts");
            t.setDaemon(true);
            return t;
          });
  private final Map<Integer, CompletableFuture<String>> posted = new ConcurrentHashMap<>();
  private final Map<Integer, CompletableFuture<AlertsApi.Answer>> cleared = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final AtomicInteger clearsSent = new AtomicInteger();
  private final AtomicInteger clearsAcknowledged = new AtomicInteger();

  /** {@code run} makes the source ids unique to this run: the same seed again makes new alerts. */
  public BarrageAlerts(AlertsApi api, String token, String run, List<Wave> waves) {
    this.api = api;
    this.token = token;
    this.run = run;
    this.waves = List.copyOf(waves);
  }

  /**
   * The waves of a rocket-barrage from its parameters (impacts with {@code atSeconds} and {@code
   * district}, {@code burstWindowSeconds}, {@code durationSeconds}), each with the areas that
   * overlap the districts it hits; when none does, the first area, so that every wave sounds.
   */
  public static List<Wave> waves(JsonObject parameters, List<AlertsApi.Area> areas) {
    double duration = parameters.getDouble("durationSeconds");
    double window = parameters.getDouble("burstWindowSeconds");
    Map<Double, Set<String>> byStart = new TreeMap<>();
    for (Object o : parameters.getJsonArray("impacts", new JsonArray())) {
      JsonObject impact = (JsonObject) o;
      byStart.computeIfAbsent(impact.getDouble("atSeconds"), k -> new TreeSet<>()).add(impact.getString("district"));
    }
    List<Wave> waves = new ArrayList<>();
    for (Map.Entry<Double, Set<String>> e : byStart.entrySet()) {
      List<String> hit =
          areas.stream().filter(a -> a.districts().stream().anyMatch(e.getValue()::contains)).map(AlertsApi.Area::id).toList();
      if (hit.isEmpty() && !areas.isEmpty()) {
        hit = List.of(areas.get(0).id());
      }
      waves.add(new Wave(waves.size() + 1, e.getKey(), Math.min(duration, e.getKey() + window), e.getValue(), hit));
    }
    return waves;
  }

  public List<Wave> plan() {
    return waves;
  }

  /** Schedules every wave's alert and all-clear, counted from {@code startNanos} (System.nanoTime). */
  public void start(long startNanos) {
    for (Wave w : waves) {
      if (w.areas().isEmpty()) {
        continue;
      }
      timer.schedule(() -> sound(w), at(startNanos, w.startSeconds()), TimeUnit.NANOSECONDS);
      timer.schedule(() -> clear(w), at(startNanos, w.endSeconds()), TimeUnit.NANOSECONDS);
    }
  }

  private static long at(long startNanos, double seconds) {
    return Math.max(0, startNanos + (long) (seconds * 1e9) - System.nanoTime());
  }

  private void sound(Wave w) {
    sent.incrementAndGet();
    // Sheltering outlasts the wave: the all-clear, not the stay time, ends it.
    int stay = (int) Math.min(7200, Math.max(60, Math.ceil(w.endSeconds() - w.startSeconds()) + 60));
    posted.put(
        w.number(),
        api.alert(token, "surge-barrage-" + run + "-wave-" + w.number(), w.areas(), "rockets", stay)
            .thenApply(
                a -> {
                  String id = a.ok() ? AlertsApi.alertId(a) : null;
                  if (id != null) {
                    acknowledged.incrementAndGet();
                  } else {
                    error(a);
                  }
                  return id;
                }));
  }

  private void clear(Wave w) {
    CompletableFuture<String> alert = posted.get(w.number());
    if (alert == null) {
      return;
    }
    cleared.computeIfAbsent(
        w.number(),
        n -> alert.thenCompose(
            id -> {
              if (id == null) {
                return CompletableFuture.completedFuture(null);
              }
              clearsSent.incrementAndGet();
              return api.clear(token, id)
                  .thenApply(
                      a -> {
                        if (a.ok()) {
                          clearsAcknowledged.incrementAndGet();
                        } else {
                          error(a);
                        }
                        return a;
                      });
            }));
  }

  private void error(AlertsApi.Answer a) {
    errors.computeIfAbsent(a.errorKind(), k -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * Ends the sirens: waves not yet sounded never will (the run stopped early), those sounded and
   * not yet cleared are cleared now, and answers are awaited up to {@code millis}.
   */
  public void finish(long millis) throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(millis, TimeUnit.MILLISECONDS);
    for (Wave w : waves) {
      clear(w);
    }
    awaitAll(cleared.values(), millis);
  }

  private static void awaitAll(Collection<? extends CompletableFuture<?>> futures, long millis) {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(millis, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // counted as not acknowledged
    }
  }

  /** For results.json: what was sent and acknowledged, each wave's plan, and errors by kind. */
  public JsonObject toJson() {
    JsonArray plan = new JsonArray();
    for (Wave w : waves) {
      plan.add(
          new JsonObject()
              .put("wave", w.number())
              .put("startSeconds", w.startSeconds())
              .put("endSeconds", w.endSeconds())
              .put("districts", new JsonArray(List.copyOf(w.districts())))
              .put("areas", new JsonArray(w.areas())));
    }
    JsonObject errs = new JsonObject();
    errors.forEach((k, v) -> errs.put(k, v.get()));
    return new JsonObject()
        .put("sent", sent.get())
        .put("acknowledged", acknowledged.get())
        .put("clearsSent", clearsSent.get())
        .put("clearsAcknowledged", clearsAcknowledged.get())
        .put("errors", errs)
        .put("waves", plan);
  }
}
