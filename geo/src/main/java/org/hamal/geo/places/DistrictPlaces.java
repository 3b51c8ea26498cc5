package org.hamal.geo.places;

import java.util.ArrayList;
import java.util.List;
import org.hamal.geo.District;
import org.hamal.geo.Layer;
import org.hamal.geo.LayerGeoJson;

/**
 * The places every city has without a place file: its districts and zones, each at the point
 * where maps print its name (inside the district even when it is concave).
 */
public final class DistrictPlaces {

  private DistrictPlaces() {}

  public static List<Place> of(Layer layer) {
    List<Place> out = new ArrayList<>(layer.districts().size());
    for (District d : layer.districts()) {
      String he = d.nameHe();
      String en = d.nameEn() == null && he == null ? d.id() : d.nameEn();
      out.add(new Place(d.id(), Place.Kind.DISTRICT, he, en, LayerGeoJson.labelPoint(d.geometry()), null));
    }
    return out;
  }
}
