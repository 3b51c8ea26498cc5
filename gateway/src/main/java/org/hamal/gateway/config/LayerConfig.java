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
 * @param minCoveredShare an uploaded layer must cover at least this share of the current one's
 *     area, unless the admin confirms it ({@code ?confirm=true})
 * @param maxOpenReportsOutsideShare and may leave at most this share of the open reports outside
 *     every district, unless confirmed
 */
public record LayerConfig(
    String path,
    String crs,
    double snapMeters,
    double overlapToleranceSquareMeters,
    long uploadLimitBytes,
    double minCoveredShare,
    double maxOpenReportsOutsideShare) {

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
