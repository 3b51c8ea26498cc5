package org.hamal.surge.fanout;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The measured rounds of a fan-out run, and what they add up to. */
public final class Rounds {

  /** What the issue asks of the real path: at least half of the bare loop's deliveries/s. */
  public static final double TARGET_RATIO = 0.5;

  /**
   * One round: {@code events} sent {@code via} hub or bare to {@code subscribers}; {@code seconds}
   * from the trigger to the last subscriber's last event (or the timeout, when incomplete).
   */
  public record Round(
      int number, String via, int subscribers, int events, double seconds, long delivered, long single,
      long batched, long extra, boolean complete, double serverMillis) {

    public double perSecond() {
      return delivered / seconds;
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("round", number)
          .put("via", via)
          .put("subscribers", subscribers)
          .put("events", events)
          .put("seconds", round3(seconds))
          .put("delivered", delivered)
          .put("deliveriesPerSecond", Math.round(perSecond()))
          .put("single", single)
          .put("batched", batched)
          .put("extra", extra)
          .put("complete", complete)
          .put("serverMillis", round3(serverMillis));
    }
  }

  private final List<Round> rounds = new ArrayList<>();

  public void add(Round r) {
    rounds.add(r);
  }

  public List<Round> all() {
    return List.copyOf(rounds);
  }

  /** The median deliveries/s of the complete rounds {@code via} hub or bare, or NaN if none. */
  public double median(String via) {
    double[] rates =
        rounds.stream().filter(r -> r.via().equals(via) && r.complete()).mapToDouble(Round::perSecond).sorted().toArray();
    if (rates.length == 0) {
      return Double.NaN;
    }
    int mid = rates.length / 2;
    return rates.length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
  }

  /** Hub over bare, of the medians. */
  public double ratio() {
    return median("hub") / median("bare");
  }

  public boolean allComplete() {
    return !rounds.isEmpty() && rounds.stream().allMatch(Round::complete);
  }

  public JsonObject toJson() {
    JsonArray all = new JsonArray();
    rounds.forEach(r -> all.add(r.toJson()));
    double ratio = ratio();
    return new JsonObject()
        .put("rounds", all)
        .put("summary",
            new JsonObject()
                .put("bareMedianPerSecond", Math.round(median("bare")))
                .put("hubMedianPerSecond", Math.round(median("hub")))
                .put("hubOverBare", Double.isNaN(ratio) ? null : round3(ratio))
                .put("target", TARGET_RATIO)
                .put("targetMet", !Double.isNaN(ratio) && ratio >= TARGET_RATIO)
                .put("allComplete", allComplete()));
  }

  /** The table printed at the end of a run. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-5s %-4s %11s %6s %8s %14s %10s %10s %5s %s%n",
        "round", "via", "subscribers", "events", "seconds", "deliveries/s", "single", "batched", "extra", "complete"));
    for (Round r : rounds) {
      out.append(String.format(Locale.ROOT, "%-5d %-4s %11d %6d %8.3f %,14.0f %10d %10d %5d %s%n",
          r.number(), r.via(), r.subscribers(), r.events(), r.seconds(), r.perSecond(), r.single(), r.batched(),
          r.extra(), r.complete() ? "yes" : "NO"));
    }
    double ratio = ratio();
    out.append(String.format(Locale.ROOT, "median deliveries/s: bare %,.0f, hub %,.0f; hub/bare %.2f (target >= %.2f: %s)%n",
        median("bare"), median("hub"), ratio, TARGET_RATIO,
        Double.isNaN(ratio) ? "no complete rounds" : ratio >= TARGET_RATIO ? "met" : "NOT met"));
    return out.toString();
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
