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
 */
public record LayerConfig(
    String path, String crs, double snapMeters, double overlapToleranceSquareMeters) {

  public Path file() {
    return path == null || path.isBlank() ? null : Path.of(path);
  }

  public LayerOptions options() {
    return new LayerOptions(snapMeters, crs, overlapToleranceSquareMeters);
  }
}
