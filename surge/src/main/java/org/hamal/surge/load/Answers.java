package org.hamal.surge.load;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the server's answers: a created report, an error body, and the per-item answers of batch
 * intake. Batch intake is still being specified, so its reading is tolerant: a JSON array, an
 * object holding one ({@code results}, {@code items} or {@code reports}), or NDJSON; each item a
 * report, {@code {"report":{...}}} or {@code {"error":{...}}}.
 */
public final class Answers {

  /** One item's answer: a report's id, district and category, or an error code. */
  public record ItemAnswer(String id, String district, String category, String errorCode, int status) {
    public boolean created() {
      return id != null;
    }
  }

  private Answers() {}

  /** The {@code error.code} of an error body, or {@code unreadable}. */
  public static String errorCode(String body) {
    try {
      JsonObject error = new JsonObject(body).getJsonObject("error");
      if (error != null && error.getString("code") != null) {
        return error.getString("code");
      }
    } catch (DecodeException | ClassCastException e) {
      // fall through
    }
    return "unreadable";
  }

  public static ItemAnswer report(String body) {
    try {
      return item(new JsonObject(body), 201);
    } catch (DecodeException e) {
      return new ItemAnswer(null, null, null, "unreadable_answer", 201);
    }
  }

  static ItemAnswer item(JsonObject json, int status) {
    // A report has a status too ("new"): only a number is an item's HTTP status.
    int itemStatus = json.getValue("status") instanceof Number n ? n.intValue() : status;
    JsonObject error = json.getValue("error") instanceof JsonObject e ? e : null;
    if (error != null) {
      return new ItemAnswer(null, null, null, error.getString("code", "unknown"), itemStatus);
    }
    JsonObject report = json.getValue("report") instanceof JsonObject r ? r : json;
    String id = report.getString("id");
    if (id == null) {
      return new ItemAnswer(null, null, null, "answer_without_id", itemStatus);
    }
    return new ItemAnswer(id, report.getString("district"), report.getString("category"), null, itemStatus);
  }

  /** The per-item answers of a batch, in request order. */
  public static List<ItemAnswer> batch(String body, int status) {
    List<ItemAnswer> out = new ArrayList<>();
    String trimmed = body.trim();
    try {
      JsonArray items;
      if (trimmed.startsWith("[")) {
        items = new JsonArray(trimmed);
      } else if (trimmed.startsWith("{") && !trimmed.contains("\n")) {
        JsonObject o = new JsonObject(trimmed);
        items = o.getJsonArray("results", o.getJsonArray("items", o.getJsonArray("reports")));
        if (items == null) {
          return out;
        }
      } else {
        items = new JsonArray();
        for (String line : trimmed.split("\n")) {
          if (!line.isBlank()) {
            items.add(new JsonObject(line));
          }
        }
      }
      for (int i = 0; i < items.size(); i++) {
        out.add(item(items.getJsonObject(i), status));
      }
    } catch (DecodeException | ClassCastException e) {
      out.clear();
    }
    return out;
  }
}
