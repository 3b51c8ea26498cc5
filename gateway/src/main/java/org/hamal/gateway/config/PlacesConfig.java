package org.hamal.gateway.config;

/**
 * The place search ({@code GET /api/v1/places}) and place files ({@code PUT /api/v1/places}).
 *
 * @param uploadLimitBytes the largest place file an admin may upload; a city's streets and
 *     addresses are far larger than a report
 * @param defaultLimit suggestions answered when the query names no {@code limit}
 * @param maxLimit the largest {@code limit} a query may ask for
 * @param maxQueryLength the longest {@code q}, in characters: a name, not a text
 */
public record PlacesConfig(long uploadLimitBytes, int defaultLimit, int maxLimit, int maxQueryLength) {

  public PlacesConfig {
    if (uploadLimitBytes < 1 || defaultLimit < 1 || maxLimit < defaultLimit || maxQueryLength < 1) {
      throw new IllegalArgumentException(
          "places.uploadLimitBytes, places.defaultLimit and places.maxQueryLength must be positive,"
              + " and places.maxLimit at least places.defaultLimit");
    }
  }
}
