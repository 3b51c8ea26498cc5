package org.hamal.geo.places;

import java.nio.charset.StandardCharsets;

/** Small place files for tests, in Ashkelon. */
final class StreetFiles {

  private StreetFiles() {}

  /**
   * Herzl runs east 1 km along latitude 31.668 with houses 1 to 101; Ben Gurion turns a corner;
   * Jabotinsky has no house numbers; a mall and an address are points.
   */
  static final String SMALL = """
      {"type":"FeatureCollection","name":"ashkelon-streets-test","features":[
       {"type":"Feature","properties":{"id":"herzl","name_he":"הרצל","name_en":"Herzl","house_from":1,"house_to":101},
        "geometry":{"type":"LineString","coordinates":[[34.570,31.668],[34.5805,31.668]]}},
       {"type":"Feature","properties":{"id":"ben-gurion","name_he":"שדרות בן גוריון","name_en":"Ben Gurion Boulevard","house_from":2,"house_to":42},
        "geometry":{"type":"LineString","coordinates":[[34.560,31.660],[34.560,31.670],[34.570,31.670]]}},
       {"type":"Feature","properties":{"id":"jabotinsky","name_he":"ז'בוטינסקי","name_en":"Jabotinsky"},
        "geometry":{"type":"MultiLineString","coordinates":[[[34.575,31.670],[34.575,31.675]],[[34.575,31.675],[34.575,31.680]]]}},
       {"type":"Feature","properties":{"id":"mall","kind":"point","name_he":"קניון חוצות אשקלון","name_en":"Hutzot Ashkelon Mall"},
        "geometry":{"type":"Point","coordinates":[34.5712,31.6688]}},
       {"type":"Feature","properties":{"id":"shalom-street","name_he":"רְחוֹב הַשָּׁלוֹם","name_en":"Shalom Street"},
        "geometry":{"type":"LineString","coordinates":[[34.580,31.660],[34.585,31.660]]}},
       {"type":"Feature","properties":{"id":"herzl-12","name_he":"הרצל 12 בית הכנסת","name_en":"Herzl 12 Synagogue"},
        "geometry":{"type":"Point","coordinates":[34.5715,31.6682]}}
      ]}""";

  /** The bundled layer's districts and {@link #SMALL}'s places, as the gateway indexes them. */
  static java.util.List<Place> smallWithDistricts() {
    try {
      java.util.List<Place> places = new java.util.ArrayList<>(
          DistrictPlaces.of(new org.hamal.geo.LayerLoader(org.hamal.geo.LayerOptions.defaults()).loadBundled()));
      places.addAll(PlaceFile.load(bytes(SMALL), "test", null).places());
      return places;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
