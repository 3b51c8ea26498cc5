package org.hamal.gateway.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;

/** Hostile live-stream messages from a seeded {@link Random}: mangled subscribes, pings and noise. */
final class HostileMessages {

  private final Random random;

  HostileMessages(Random random) {
    this.random = random;
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  String next() {
    return switch (random.nextInt(8)) {
      case 0, 1, 2 -> subscribe().encode();
      case 3 -> new JsonObject().put("type", "ping").put("t", value()).encode();
      case 4 -> new JsonObject().put("type", value()).encode();
      case 5 -> pick(List.of("", "{", "[]", "null", "\"subscribe\"", "{\"type\":\"subscribe\"", "\u0000",
          "{\"type\":\"subscribe\",\"filter\":" + "[".repeat(3000) + "}", "{\"type\":\"ping\"}{\"type\":\"ping\"}"));
      case 6 -> {
        String s = subscribe().encode();
        yield s.substring(0, random.nextInt(s.length()));
      }
      default -> new JsonObject().put("type", pick(List.of("subscribe", "ping", "unsubscribe", "hello")))
          .put(pick(List.of("filter", "resume", "maxEventsPerSecond", "coalesce", "t")), value()).encode();
    };
  }

  private JsonObject subscribe() {
    JsonObject filter = new JsonObject();
    if (random.nextBoolean()) {
      filter.put("districts", random.nextBoolean() ? new JsonArray().add(pick(List.of("shimshon", "barnea", "nowhere", ""))) : value());
    }
    if (random.nextBoolean()) {
      filter.put("bbox", random.nextBoolean() ? new JsonArray().add(34.5).add(31.6).add(value()).add(31.7) : value());
    }
    if (random.nextBoolean()) {
      filter.put(pick(List.of("categories", "minPriority", "statuses", "x")), value());
    }
    JsonObject m = new JsonObject().put("type", "subscribe").put("filter", random.nextInt(5) == 0 ? value() : filter);
    if (random.nextBoolean()) {
      m.put("resume", random.nextBoolean()
          ? new JsonObject().put("epoch", value()).put("seq", value()).put("tag", value())
          : new JsonObject().put("token", pick(List.of("a:b:c", ":", "x", "1:-5:", "::::"))));
    }
    if (random.nextBoolean()) {
      m.put(pick(List.of("maxEventsPerSecond", "coalesce")), value());
    }
    return m;
  }

  private Object value() {
    return switch (random.nextInt(10)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt();
      case 3 -> -1;
      case 4 -> Long.MAX_VALUE;
      case 5 -> random.nextDouble() * 1e9;
      case 6 -> "x".repeat(random.nextInt(3000));
      case 7 -> pick(List.of("fire", "new", "shimshon", "", "\u202E", "NaN"));
      case 8 -> new JsonArray().add(random.nextInt()).add("a");
      default -> new JsonObject().put("a", 1);
    };
  }
}
