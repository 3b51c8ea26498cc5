package org.hamal.surge.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bundled Ashkelon layer (a copy of geo's, as the districts API serves it). */
final class Layers {

  private Layers() {}

  static DistrictMap ashkelon() {
    try (InputStream in = Layers.class.getResourceAsStream("/org/hamal/surge/ashkelon-districts.geojson")) {
      return DistrictMap.fromGeoJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
