package org.hamal.gateway.config;

import java.nio.file.Path;
import org.hamal.geo.LayerOptions;

/**
 * The district layer.
 *
 * @param path a GeoJSON file; null means the bundled Ashkelon layer
 * @param snapMeters see {@link LayerOptions#snapMeters()}
 */
public record LayerConfig(String path, double snapMeters) {

  public Path file() {
    return path == null || path.isBlank() ? null : Path.of(path);
  }

  public LayerOptions options() {
    return new LayerOptions(snapMeters);
  }
}
