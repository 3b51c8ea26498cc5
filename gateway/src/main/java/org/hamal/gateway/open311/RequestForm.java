package org.hamal.gateway.open311;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hamal.cluster.report.Sha256;
import org.hamal.geo.places.PlaceIndex;
import org.hamal.geo.places.PlaceMatch;

/**
 * Turns a GeoReport {@code POST requests} form into the body Hamal's intake takes, so that an
 * Open311 request is validated, located, triaged and grouped exactly as any other report.
 * {@code service_code} is the category; {@code lat}/{@code long}, else {@code address_string}
 * looked up in the city's places (the best match); {@code first_name} and {@code last_name} are
 * the reporter's name. A client's {@code media_url} is kept at the end of the description, where
 * operators see it (the specification publishes it anyway). {@code email} is the reporter's
 * ({@code reporter.email}, personal data like the phone: never in {@code GET requests}).
 */
final class RequestForm {

  static final String CHANNEL = "open311";
  /** The fields the request's identity is derived from, when the client sends no key. */
  private static final List<String> IDENTIFYING = List.of(
      "service_code", "lat", "long", "address_string", "address_id", "email", "device_id", "account_id",
      "first_name", "last_name", "phone", "description", "media_url");

  private RequestForm() {}

  static JsonObject toReport(FormBody.Form form, PlaceIndex places) {
    String code = form.get("service_code");
    if (code == null) {
      throw Open311Errors.badRequest("service_code is required", "service_code");
    }
    JsonObject body = new JsonObject()
        .put("category", code)
        .put("location", location(form, places))
        .put("channel", CHANNEL);
    String description = form.get("description");
    String mediaUrl = form.get("media_url");
    if (mediaUrl != null) {
      description = (description == null ? "" : description + "\n") + "media_url: " + mediaUrl;
    }
    if (description != null) {
      body.put("description", description);
    }
    JsonObject reporter = new JsonObject();
    String name = String.join(" ", java.util.stream.Stream.of(form.get("first_name"), form.get("last_name"))
        .filter(java.util.Objects::nonNull).toList());
    if (!name.isEmpty()) {
      reporter.put("name", name);
    }
    if (form.get("phone") != null) {
      reporter.put("phone", form.get("phone"));
    }
    if (form.get("email") != null) {
      reporter.put("email", form.get("email"));
    }
    if (!reporter.isEmpty()) {
      body.put("reporter", reporter);
    }
    return body;
  }

  private static JsonObject location(FormBody.Form form, PlaceIndex places) {
    String lat = form.get("lat");
    String lon = form.get("long");
    if (lat != null || lon != null) {
      if (lat == null || lon == null) {
        throw Open311Errors.badRequest("lat and long go together", lat == null ? "lat" : "long");
      }
      return new JsonObject().put("lat", number(lat, "lat")).put("lon", number(lon, "long"));
    }
    String address = form.get("address_string");
    if (address == null) {
      throw Open311Errors.badRequest("a location is required: lat and long, or address_string", "lat");
    }
    List<PlaceMatch> found = places.search(address, 1);
    if (found.isEmpty()) {
      throw Open311Errors.badRequest("address_string names no place known in the service area", "address_string");
    }
    return new JsonObject()
        .put("lat", found.get(0).position().lat())
        .put("lon", found.get(0).position().lon());
  }

  private static double number(String value, String field) {
    try {
      double parsed = Double.parseDouble(value);
      if (Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Open311Errors.badRequest(field + " must be a number", field);
  }

  /**
   * The identity of a request without a client key: its fields and photo, within the retry
   * window that {@code nowMillis} falls in. A client's retry within the window is the same
   * request; the same text sent again in a later window is a new report.
   */
  static String derivedKey(FormBody.Form form, long nowMillis, long windowMillis) {
    Map<String, String> fields = new TreeMap<>();
    IDENTIFYING.forEach(f -> {
      if (form.get(f) != null) {
        fields.put(f, form.get(f));
      }
    });
    String canonical = String.join("\u0000", fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    byte[] media = form.media() == null ? new byte[0] : form.media();
    return "open311-body:" + Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8), media) + ":" + nowMillis / windowMillis;
  }
}
