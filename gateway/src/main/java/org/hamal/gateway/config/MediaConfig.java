package org.hamal.gateway.config;

/**
 * Photos attached to reports ({@code POST /api/v1/reports/{id}/media}).
 *
 * @param maxBytes the largest photo accepted, as sent; larger ones get 413 (a tablet camera's
 *     JPEG is 2 to 6 MB)
 * @param maxPerReport photos one report may carry; more get 422
 * @param maxConcurrentUploads uploads one node takes at a time (each holds a few copies of its
 *     photo in memory); more get 503 {@code overloaded}
 */
public record MediaConfig(int maxBytes, int maxPerReport, int maxConcurrentUploads) {

  public MediaConfig {
    if (maxBytes < 1 || maxPerReport < 1 || maxConcurrentUploads < 1) {
      throw new IllegalArgumentException(
          "media.maxBytes, media.maxPerReport and media.maxConcurrentUploads must be positive");
    }
  }
}
