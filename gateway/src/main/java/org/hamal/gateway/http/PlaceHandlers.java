package org.hamal.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.hamal.gateway.config.PlacesConfig;
import org.hamal.gateway.places.PlacesService;
import org.hamal.geo.Layer;
import org.hamal.geo.Location;
import org.hamal.geo.places.Place;
import org.hamal.geo.places.PlaceMatch;

/**
 * The city's places: {@code GET /api/v1/places?q=} suggests places for what a call-taker typed,
 * with the district that serves each; {@code PUT /api/v1/places} (admin) takes a place file,
 * validates it and activates it on every node, or rejects it with every problem and changes
 * nothing; {@code GET /api/v1/places/file} says which file each node suggests from.
 */
final class PlaceHandlers {

  private final PlacesService places;
  private final PlacesConfig config;

  PlaceHandlers(PlacesService places, PlacesConfig config) {
    this.places = places;
    this.config = config;
  }

  /**
   * Runs on the event loop: a query against a city-sized file takes tens to hundreds of
   * microseconds (BENCHMARKS.md, "Place search"), less than encoding a report.
   */
  void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    if (q == null || q.isBlank()) {
      throw ApiError.malformed("missing_parameter", "q is required: what the caller said, in Hebrew or English", "q");
    }
    if (q.length() > config.maxQueryLength()) {
      throw ApiError.invalid("too_long", "q is at most " + config.maxQueryLength() + " characters", "q");
    }
    int limit = QueryParams.limit(ctx, config.defaultLimit(), config.maxLimit());
    Layer layer = places.layer().layer();
    JsonArray out = new JsonArray();
    for (PlaceMatch m : places.current().index().search(q, limit)) {
      out.add(render(m, layer));
    }
    Bodies.json(ctx, 200, new JsonObject().put("places", out));
  }

  void put(RoutingContext ctx) {
    FileUploads.activate(ctx, "place file", "invalid_places", "places.activated", places::activate, PlaceHandlers::describe);
  }

  void file(RoutingContext ctx) {
    FileUploads.inUse(ctx, places.activation().active(), describe(places.current()));
  }

  private static JsonObject describe(PlacesService.Places p) {
    int streets = 0;
    int points = 0;
    if (p.file() != null) {
      for (Place place : p.file().places()) {
        if (place.kind() == Place.Kind.STREET) {
          streets++;
        } else {
          points++;
        }
      }
    }
    return new JsonObject()
        .put("version", p.version())
        .put("name", p.file() == null ? null : p.file().name())
        .put("places", streets + points)
        .put("streets", streets)
        .put("points", points)
        .put("districts", p.layer().districts().size());
  }

  private static JsonObject render(PlaceMatch m, Layer layer) {
    Place place = m.place();
    Place.Position at = m.position();
    Location location = layer.locate(at.lon(), at.lat());
    return new JsonObject()
        .put("id", place.id())
        .put("kind", place.kind().wire())
        .put("name_he", place.nameHe())
        .put("name_en", place.nameEn())
        .put("lon", round(at.lon()))
        .put("lat", round(at.lat()))
        .put("district", location.found() ? location.district().id() : null)
        .put("houseNumber", m.houseNumber())
        .put("interpolated", at.interpolated())
        .put("score", m.score());
  }

  /** Six decimals are about 0.1 m. */
  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
