package org.hamal.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.hamal.cluster.report.Receipt;
import org.hamal.cluster.report.Submission;
import org.hamal.gateway.NodeServices;
import org.hamal.gateway.auth.Caller;

/**
 * {@code POST /api/v1/reports:batch}: many reports in one request — a JSON array, or NDJSON (one
 * report per line) — answered item by item after one group commit. A bad item gets its own 4xx
 * and does not stop the others; a store failure stores none and answers 503.
 *
 * <p>Each item may carry {@code id} (client-chosen UUID) or {@code idempotencyKey}, so a retried
 * batch stores nothing twice.
 */
final class BatchIntakeHandler implements Handler<RoutingContext> {

  static final String ITEM_KEY = "idempotencyKey";

  /**
   * One item's fate before the commit: a submission to store or an error already decided, and
   * the item as sent (null when it was not an object), whose channel and category are counted.
   */
  private record Item(Submission submission, ApiError error, JsonObject body) {}


  private final NodeServices services;
  private final Intake intake;

  BatchIntakeHandler(NodeServices services, Intake intake) {
    this.services = services;
    this.intake = intake;
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<Object> raw = parse(ctx.body().buffer());
    int max = services.config().reports().batchMaxItems();
    if (raw.size() > max) {
      throw ApiError.invalid("too_many_items", "a batch holds at most " + max + " reports", null);
    }
    Caller caller = Caller.of(ctx);
    List<Item> items = new ArrayList<>(raw.size());
    for (Object o : raw) {
      items.add(prepare(o, caller));
    }
    withinCallerRate(caller, items).onComplete(checked -> {
      try {
        store(ctx, items);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }

  /**
   * Refuses, item by item, the reports beyond the caller's rate (life-safety ones go first). If
   * the cluster cannot answer, all go ahead: a limit never costs a report when the cluster is unwell.
   */
  private io.vertx.core.Future<Void> withinCallerRate(Caller caller, List<Item> items) {
    int lifeSafety = (int) items.stream()
        .filter(i -> i.submission != null && intake.isLifeSafety(i.submission)).count();
    int other = (int) items.stream().filter(i -> i.submission != null).count() - lifeSafety;
    return services.limits().intake().take(caller, lifeSafety, other).map(allowed -> {
      int[] left = {allowed.lifeSafety(), allowed.other()};
      for (int i = 0; i < items.size(); i++) {
        Item item = items.get(i);
        if (item.submission == null) {
          continue;
        }
        int kind = intake.isLifeSafety(item.submission) ? 0 : 1;
        if (left[kind] > 0) {
          left[kind]--;
        } else {
          items.set(i, new Item(null, LimitHandlers.rateLimited(allowed.retryAfterSeconds(),
              LimitHandlers.rateMessage(services.limits(), caller)), item.body()));
        }
      }
      return (Void) null;
    });
  }

  private void store(RoutingContext ctx, List<Item> items) {
    List<io.vertx.core.Future<Intake.Grouped>> grouping = new ArrayList<>();
    for (Item item : items) {
      if (item.submission != null) {
        grouping.add(intake.group(ctx.vertx(), item.submission));
      }
    }
    io.vertx.core.Future.all(grouping)
        .compose(all -> {
          List<Intake.Grouped> grouped = new ArrayList<>();
          grouping.forEach(f -> grouped.add(f.result()));
          return services
              .reports()
              .insertAll(grouped.stream().map(Intake.Grouped::submission).toList())
              .map(receipts -> {
                answer(ctx, items, grouped, receipts);
                return receipts;
              });
        })
        .onFailure(err -> {
          items.stream().filter(i -> i.submission != null).forEach(i -> intake.refused(i.body, err));
          IntakeHandler.storeFailed(ctx, err,
              items.stream().filter(i -> i.submission != null).map(i -> i.submission.report().id()).toList());
        });
  }

  private Item prepare(Object raw, Caller caller) {
    Item item = prepareItem(raw, caller);
    if (item.error != null) {
      intake.refused(item.body, item.error);
    }
    return item;
  }

  private Item prepareItem(Object raw, Caller caller) {
    if (raw instanceof ApiError malformedLine) {
      return new Item(null, malformedLine, null);
    }
    if (!(raw instanceof JsonObject body)) {
      return new Item(null, ApiError.malformed("malformed_json", "each item must be a JSON object", null), null);
    }
    try {
      Object key = body.remove(ITEM_KEY);
      if (key != null && !(key instanceof String)) {
        throw ApiError.invalid("invalid_type", ITEM_KEY + " must be a string", ITEM_KEY);
      }
      String checked = Intake.checkKey((String) key, ITEM_KEY);
      Submission submission = intake.prepare(body, caller, checked);
      intake.admit(submission);
      return new Item(submission, null, body);
    } catch (ApiError e) {
      return new Item(null, e, body);
    }
  }

  /** The longest wait any refusal asks for: a key's rate's, or the saturated node's. */
  private long retryAfter(List<Item> items) {
    long seconds = services.config().admission().retryAfterSeconds();
    for (Item item : items) {
      String rate = item.error == null ? null : Intake.retryAfter(item.error);
      if (rate != null) {
        seconds = Math.max(seconds, Long.parseLong(rate));
      }
    }
    return seconds;
  }

  private void answer(
      RoutingContext ctx, List<Item> items, List<Intake.Grouped> grouped, List<Receipt> receipts) {
    Caller caller = Caller.of(ctx);
    JsonArray results = new JsonArray();
    int next = 0;
    int stored = 0;
    for (Item item : items) {
      ApiError error = item.error;
      Receipt receipt = null;
      JsonObject incident = null;
      if (item.submission != null) {
        incident = grouped.get(next).incident();
        receipt = receipts.get(next++);
        error = Intake.refusal(receipt, item.submission);
        if (error != null) {
          intake.refused(item.body, error);
        }
      }
      if (error != null) {
        results.add(
            new JsonObject()
                .put("status", error.status())
                .put("error", new JsonObject()
                    .put("code", error.code())
                    .put("message", error.getMessage())
                    .put("field", error.field())));
        continue;
      }
      JsonObject json = services.json().toJson(receipt.report());
      JsonObject result =
          new JsonObject().put("status", 201).put("report", intake.answer(receipt.report(), json));
      if (receipt.outcome() == Receipt.Outcome.REPLAYED) {
        result.put("replayed", true);
      }
      results.add(result);
      stored++;
      intake.accepted(ctx, caller, receipt);
      intake.announce(ctx.vertx(), receipt, json, incident);
    }
    if (results.stream().anyMatch(r -> ((JsonObject) r).getInteger("status") == 429)) {
      ctx.response().putHeader("Retry-After", String.valueOf(retryAfter(items)));
    }
    Bodies.json(
        ctx,
        200,
        new JsonObject()
            .put("accepted", stored)
            .put("refused", items.size() - stored)
            .put("results", results));
  }

  /** A JSON array, or NDJSON where a malformed line becomes that item's error. */
  private static List<Object> parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ApiError.malformed("empty_body", "a JSON array or NDJSON of reports is required", null);
    }
    String text = body.toString();
    String trimmed = text.strip();
    List<Object> items = new ArrayList<>();
    if (trimmed.startsWith("[")) {
      JsonArray array;
      try {
        array = new JsonArray(trimmed);
      } catch (DecodeException e) {
        throw ApiError.malformed("malformed_json", "the body is not a valid JSON array", null);
      }
      array.forEach(items::add);
    } else {
      for (String line : trimmed.split("\r?\n")) {
        if (line.isBlank()) {
          continue;
        }
        try {
          Object value = Buffer.buffer(line).toJsonValue();
          items.add(value);
        } catch (DecodeException e) {
          items.add(ApiError.malformed("malformed_json", "this line is not valid JSON", null));
        }
      }
    }
    if (items.isEmpty()) {
      throw ApiError.malformed("empty_body", "the batch holds no reports", null);
    }
    return items;
  }
}
