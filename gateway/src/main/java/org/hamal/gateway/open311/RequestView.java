package org.hamal.gateway.open311;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.hamal.cluster.report.Report;
import org.hamal.gateway.config.HamalConfig;
import org.hamal.gateway.config.ReportsConfig;
import org.hamal.geo.District;
import org.hamal.geo.Layer;
import org.hamal.geo.places.NearestPlaces;
import org.hamal.geo.places.Place;

/**
 * A report as a GeoReport service request. Never carries personal data: the reporter's name and
 * phone stay in Hamal. {@code status} is {@code open} while somebody still has to act on it;
 * {@code agency_responsible} is the district's service center; times are in the city's zone with
 * its offset, to the second as the specification's examples show; {@code address} is the nearest
 * street or address of the city's place file, if one is near.
 */
final class RequestView {

  static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final HamalConfig config;
  private final ZoneId zone;

  RequestView(HamalConfig config) {
    this.config = config;
    this.zone = config.zone();
  }

  String time(Instant at) {
    return at == null ? null : TIME.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(zone).toOffsetDateTime());
  }

  /** The category's name in the language asked for; its id when it has none. */
  String serviceName(String category, Language language) {
    ReportsConfig.CategoryName name = config.reports().nameOf(category);
    return language.pick(name.he(), name.en());
  }

  /**
   * @param notes the latest note of the report's history, or null
   * @param notice what a deferred report's reporter is told, or null
   * @param mediaUrl the first photo's address, or null
   */
  JsonObject render(Report r, Layer layer, NearestPlaces places, Language language, String notes, String notice,
      String mediaUrl) {
    Place near = places.nearest(r.lon(), r.lat(), config.open311().addressMaxMeters());
    return new JsonObject()
        .put("service_request_id", r.id())
        .put("status", r.status().isOpen() ? "open" : "closed")
        .put("status_notes", notes)
        .put("service_name", serviceName(r.category(), language))
        .put("service_code", r.category())
        .put("description", r.description())
        .put("agency_responsible", agency(layer.district(r.district()), language, r.district()))
        .put("service_notice", notice)
        .put("requested_datetime", time(r.receivedAt()))
        .put("updated_datetime", time(r.updatedAt()))
        .put("expected_datetime", time(expected(r)))
        .put("address", near == null ? null : language.pick(near.nameHe(), near.nameEn()))
        .put("address_id", null)
        .put("zipcode", null)
        .put("lat", r.lat())
        .put("long", r.lon())
        .put("media_url", mediaUrl);
  }

  /** The neighborhood service center that handles the district. */
  private static String agency(Optional<District> district, Language language, String id) {
    return district.map(d -> language.pick(d.nameHe(), d.nameEn())).orElse(id);
  }

  /** When a new report is due to be acknowledged (the routine response target of its priority). */
  private Instant expected(Report r) {
    Integer minutes = config.sla().routineMinutes().get(r.priority());
    return minutes == null || !r.status().isOpen() ? null : r.receivedAt().plus(minutes, ChronoUnit.MINUTES);
  }
}
