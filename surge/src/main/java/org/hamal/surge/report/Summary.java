package org.hamal.surge.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Locale;

/** The end-of-run summary for a person, printed from results.json's content. */
public final class Summary {

  private static final int LISTED = 20;

  private Summary() {}

  public static void print(JsonObject r, PrintStream out) {
    JsonObject load = r.getJsonObject("load");
    JsonObject settings = r.getJsonObject("settings");
    out.printf(Locale.ROOT, "%nsurge %s  %s  targets %s  subscribers %d  seed %d%n",
        r.getString("scenario"), r.getString("startedAt"), r.getJsonArray("targets").encode(),
        settings.getInteger("subscribers"), r.getLong("seed"));
    out.printf(Locale.ROOT,
        "load       %.0f s: offered %d (%.1f/s, planned %.1f/s), acknowledged %d (%.1f/s), errors %d, retries %d%n",
        load.getDouble("durationSeconds"), load.getLong("offered"), load.getDouble("offeredRate"),
        load.getDouble("plannedRate"), load.getLong("acknowledged"), load.getDouble("achievedRate"),
        load.getLong("errors"), load.getLong("retries"));
    line(out, "ack        (ms from scheduled time)", r.getJsonObject("ackLatencyMs"));
    line(out, "service    (ms from last send)     ", r.getJsonObject("serviceTimeMs"));
    line(out, "to screen  (ms from ack)           ", r.getJsonObject("deliveryLatencyMs"));
    JsonObject errors = r.getJsonObject("errors");
    if (errors.isEmpty()) {
      out.println("errors     none");
    } else {
      StringBuilder s = new StringBuilder();
      errors.forEach(e -> s.append(s.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
      out.println("errors     " + s);
    }
    JsonObject alerts = r.getJsonObject("alerts");
    if (alerts != null) {
      out.printf(Locale.ROOT, "alerts     %d sent, %d acknowledged; all-clear %d sent, %d acknowledged%s%n",
          alerts.getInteger("sent"), alerts.getInteger("acknowledged"), alerts.getInteger("clearsSent"),
          alerts.getInteger("clearsAcknowledged"),
          alerts.getJsonObject("errors").isEmpty() ? "" : "; errors " + alerts.getJsonObject("errors").encode());
    }
    for (Object note : r.getJsonArray("notes")) {
      out.println("note       " + note);
    }
    JsonObject a = r.getJsonObject("audit");
    JsonObject rb = a.getJsonObject("readBack");
    JsonObject d = a.getJsonObject("deliveries");
    out.printf(Locale.ROOT,
        "audit      %s: read back %d/%d (%d missing, %d unreadable); deliveries %d/%d (%d missing, %d duplicated); drain %s after %d ms%n",
        a.getBoolean("passed") ? "PASSED" : "FAILED", rb.getLong("found"), a.getLong("acknowledged"),
        rb.getLong("missing"), rb.getJsonObject("unreadable").size(), d.getLong("delivered"),
        d.getLong("expected"), d.getLong("missing"), d.getLong("duplicates"),
        a.getJsonObject("drain").getString("reason"), a.getJsonObject("drain").getLong("waitedMillis"));
    out.printf(Locale.ROOT, "           delivered as markers %d, folded into counts %d%n",
        d.getLong("asMarkers", d.getLong("delivered")), d.getLong("folded", 0L));
    JsonObject readers = r.getJsonObject("readers");
    if (readers != null && readers.getJsonObject("slow").getInteger("subscribers") > 0) {
      JsonObject slow = readers.getJsonObject("slow");
      JsonObject others = readers.getJsonObject("others");
      out.printf(Locale.ROOT,
          "readers    %d slow: paused %d times, %d snapshots, %d reconnects, %d resumes; the %d others: %d snapshots, %d reconnects, %d resumes%n",
          slow.getInteger("subscribers"), slow.getLong("pauses"), slow.getLong("snapshots"), slow.getLong("reconnects"),
          slow.getLong("resumed"), others.getInteger("subscribers"), others.getLong("snapshots"),
          others.getLong("reconnects"), others.getLong("resumed"));
    }
    if (d.getLong("outOfScope") > 0 || d.getLong("unacknowledgedReports") > 0) {
      out.printf(Locale.ROOT,
          "           (not loss: %d deliveries outside a subscriber's filter, %d reports delivered that this run never had acknowledged)%n",
          d.getLong("outOfScope"), d.getLong("unacknowledgedReports"));
    }
    list(out, "missing in store", rb.getJsonArray("missingIds"), rb.getLong("missing"));
    rb.getJsonObject("unreadable").stream().limit(LISTED)
        .forEach(e -> out.println("           unreadable " + e.getKey() + ": " + e.getValue()));
    list(out, "duplicate ack", a.getJsonArray("duplicateAckIds"), a.getLong("duplicateAcks"));
    list(out, "missing delivery", d.getJsonArray("missingList"), d.getLong("missing"));
    list(out, "duplicate delivery", d.getJsonArray("duplicateList"), d.getLong("duplicates"));
    JsonObject files = r.getJsonObject("files");
    if (files != null) {
      out.println("results    " + files.getString("json") + "  " + files.getString("html"));
    }
  }

  private static void line(PrintStream out, String label, JsonObject h) {
    if (h.getLong("count", 0L) == 0) {
      out.println(label + "  no samples");
      return;
    }
    out.printf(Locale.ROOT, "%s  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (n=%d)%n",
        label, h.getDouble("p50"), h.getDouble("p90"), h.getDouble("p99"), h.getDouble("p99.9"),
        h.getDouble("max"), h.getLong("count"));
  }

  private static void list(PrintStream out, String what, JsonArray items, long total) {
    if (total == 0) {
      return;
    }
    items.stream().limit(LISTED).forEach(i -> out.println("           " + what + ": " + i));
    if (total > LISTED) {
      out.println("           ... " + (total - LISTED) + " more " + what + " (results.json lists up to 1000)");
    }
  }
}
