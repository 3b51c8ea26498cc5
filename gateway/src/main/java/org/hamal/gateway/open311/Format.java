package org.hamal.gateway.open311;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The two formats of GeoReport v2, chosen by the resource's extension. A response is built once
 * as JSON; its XML form follows the specification's shapes: a root element, one element per item,
 * one child per field, nested lists named by {@link #ITEMS}.
 */
enum Format {
  JSON("application/json; charset=utf-8"),
  XML("text/xml; charset=utf-8");

  /** The path parameter (a named group of the route's expression) that holds the extension. */
  static final String PARAM = "format";

  /** Nested lists in the specification, and the element each of their items is. */
  private static final Map<String, String> ITEMS = Map.of(
      "endpoints", "endpoint", "formats", "format", "attributes", "attribute", "values", "value");

  private final String contentType;

  Format(String contentType) {
    this.contentType = contentType;
  }

  /** The request's format; anything but {@code .xml} is JSON (the route admits only the two). */
  static Format of(RoutingContext ctx) {
    return "xml".equals(ctx.pathParam(PARAM)) ? XML : JSON;
  }

  /** Sends a list, e.g. {@code services} of {@code service}. */
  void send(RoutingContext ctx, int status, JsonArray items, String root, String item) {
    send(ctx, status, this == JSON ? items.toBuffer() : xml(root, item, items));
  }

  /** Sends one object, e.g. a {@code service_definition} or {@code discovery}. */
  void send(RoutingContext ctx, int status, JsonObject object, String root) {
    send(ctx, status, this == JSON ? object.toBuffer() : xml(root, object));
  }

  private void send(RoutingContext ctx, int status, Buffer body) {
    if (ctx.response().headWritten() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", contentType)
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }

  private static Buffer xml(String root, String item, JsonArray items) {
    XmlWriter xml = new XmlWriter().open(root);
    items.forEach(i -> writeValue(xml, item, i));
    return xml.close(root).toBuffer();
  }

  private static Buffer xml(String root, JsonObject object) {
    XmlWriter xml = new XmlWriter();
    writeValue(xml, root, object);
    return xml.toBuffer();
  }

  private static void writeValue(XmlWriter xml, String name, Object value) {
    if (value instanceof JsonObject o) {
      xml.open(name);
      o.forEach(e -> writeValue(xml, e.getKey(), e.getValue()));
      xml.close(name);
    } else if (value instanceof JsonArray a) {
      String item = ITEMS.getOrDefault(name, "item");
      xml.open(name);
      a.forEach(i -> writeValue(xml, item, i));
      xml.close(name);
    } else {
      xml.leaf(name, value == null ? null : String.valueOf(value));
    }
  }
}
