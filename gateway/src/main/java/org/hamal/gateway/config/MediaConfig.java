package org.hamal.gateway.config;

/**
 * Photos attached to reports ({@code POST /api/v1/reports/{id}/media}).
 *
 * @param maxBytes the largest photo accepted, as sent; larger ones get 413 (a tablet camera's
 *     JPEG is 2 to 6 MB)
 * @param maxPerReport photos one report may carry; more get 422
 */
public record MediaConfig(int maxBytes, int maxPerReport) {

  public MediaConfig {
    if (maxBytes < 1 || maxPerReport < 1) {
      throw new IllegalArgumentException("media.maxBytes and media.maxPerReport must be positive");
    }
  }
}
