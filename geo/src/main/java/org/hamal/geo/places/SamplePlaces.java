package org.hamal.geo.places;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A generated city-sized place file for the benchmark and tests: streets (most with house
 * ranges) and points, each with a Hebrew name and its English transliteration. Names are made of
 * a vocabulary of a few thousand generated words, so words recur across names (many streets share
 * a word, as real ones do) and a short prefix starts thousands of them.
 */
public final class SamplePlaces {

  private static final String[] HE_STREET = {"רחוב", "שדרות", "סמטת", "דרך", "כיכר"};
  private static final String[] EN_STREET = {"Street", "Boulevard", "Lane", "Road", "Square"};
  private static final String HE_LETTERS = "אבגדהוזחטיכלמנסעפצקרשת";
  private static final String[] EN_LETTERS = {
    "a", "b", "g", "d", "h", "v", "z", "ch", "t", "y", "k", "l", "m", "n", "s", "e", "p", "tz",
    "k", "r", "sh", "t"
  };
  private static final String[] FINALS = {"כ", "ך", "מ", "ם", "נ", "ן", "פ", "ף", "צ", "ץ"};

  private SamplePlaces() {}

  /** {@code places} features around Ashkelon, the same for the same seed. */
  public static byte[] city(int places, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int vocabulary = Math.max(50, places / 10);
    String[][] words = new String[vocabulary][];
    for (int w = 0; w < vocabulary; w++) {
      words[w] = word(random);
    }
    StringBuilder out = new StringBuilder(places * 220);
    out.append("{\"type\":\"FeatureCollection\",\"name\":\"sample-city-").append(places).append("\",\"features\":[");
    for (int i = 0; i < places; i++) {
      String[] first = words[random.nextInt(vocabulary)];
      String[] second = words[random.nextInt(vocabulary)];
      boolean street = random.nextInt(10) < 8;
      int type = random.nextInt(HE_STREET.length);
      String he = (street ? HE_STREET[type] + " " : "") + first[0] + " " + second[0];
      String en = first[1] + " " + second[1] + (street ? " " + EN_STREET[type] : "");
      double lon = 34.53 + random.nextDouble() * 0.08;
      double lat = 31.62 + random.nextDouble() * 0.09;
      out.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":{\"id\":\"p").append(i)
          .append("\",\"name_he\":\"").append(he).append("\",\"name_en\":\"").append(en).append('"');
      if (street) {
        if (random.nextInt(4) > 0) {
          out.append(",\"house_from\":1,\"house_to\":").append(1 + 2 * random.nextInt(5, 100));
        }
        out.append("},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[")
            .append(point(lon, lat)).append(',')
            .append(point(lon + random.nextDouble() * 0.004, lat + random.nextDouble() * 0.004)).append(',')
            .append(point(lon + random.nextDouble() * 0.008, lat + random.nextDouble() * 0.002)).append("]}}");
      } else {
        out.append("},\"geometry\":{\"type\":\"Point\",\"coordinates\":").append(point(lon, lat)).append("}}");
      }
    }
    return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A Hebrew-like word of 2 to 4 letters plus a final one, and its transliteration. */
  private static String[] word(SplittableRandom random) {
    StringBuilder he = new StringBuilder();
    StringBuilder en = new StringBuilder();
    int letters = random.nextInt(2, 5);
    for (int i = 0; i < letters; i++) {
      int l = random.nextInt(HE_LETTERS.length());
      he.append(HE_LETTERS.charAt(l));
      en.append(EN_LETTERS[l]).append(i % 2 == 0 ? "a" : "o");
    }
    String last = FINALS[random.nextInt(FINALS.length)];
    he.append(last);
    en.append("n");
    String latin = en.toString();
    return new String[] {he.toString(), latin.substring(0, 1).toUpperCase(Locale.ROOT) + latin.substring(1)};
  }

  private static String point(double lon, double lat) {
    return String.format(Locale.ROOT, "[%.6f,%.6f]", lon, lat);
  }
}
