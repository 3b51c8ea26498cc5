package org.hamal.gateway.config;

import java.nio.file.Path;
import org.hamal.geo.LayerOptions;

/**
 * The district layer.
 *
 * @param path a GeoJSON file; null means the bundled Ashkelon layer
 * @param crs see {@link LayerOptions#sourceCrs()}
 * @param snapMeters see {@link LayerOptions#snapMeters()}
 * @param overlapToleranceSquareMeters see {@link LayerOptions#overlapToleranceSquareMeters()}
 * @param uploadLimitBytes the largest layer an admin may upload ({@code PUT /api/v1/layer});
 *     city layers are far larger than reports, so they get their own limit
 */
public record LayerConfig(
    String path,
    String crs,
    double snapMeters,
    double overlapToleranceSquareMeters,
    long uploadLimitBytes) {

  public Path file() {
    return path == null || path.isBlank() ? null : Path.of(path);
  }

  public LayerOptions options() {
    return options(crs);
  }

  /** The options with another source CRS: an uploaded layer declares its own. */
  public LayerOptions options(String sourceCrs) {
    return new LayerOptions(snapMeters, sourceCrs, overlapToleranceSquareMeters);
  }
}
