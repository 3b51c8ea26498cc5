package org.hamal.geo.places;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hamal.geo.LayerLoader;
import org.hamal.geo.LayerOptions;
import org.junit.jupiter.api.Test;

/**
 * The index against the rule written plainly: every place's every name scored on its own, all
 * sorted, the best name of each place kept. The index reads only some candidates and stops early;
 * its answers must be exactly these, on a generated file whose words recur across many names.
 */
class PlaceIndexReferenceTest {

  private static final long SEED = 2026_12_07L;

  @Test
  void theIndexAnswersWhatAFullScanAnswers() throws Exception {
    List<Place> places = new ArrayList<>(DistrictPlaces.of(new LayerLoader(LayerOptions.defaults()).loadBundled()));
    places.addAll(PlaceFile.load(SamplePlaces.city(3_000, SEED), "sample", null).places());
    PlaceIndex index = PlaceIndex.of(places);
    SplittableRandom random = new SplittableRandom(SEED);
    int nonEmpty = 0;
    List<String[]> folded = places.stream()
        .map(p -> new String[] {NameFolding.fold(p.nameHe()), NameFolding.fold(p.nameEn())}).toList();
    for (int i = 0; i < 1_500; i++) {
      String query = query(places.get(random.nextInt(places.size())), random);
      int limit = 1 + random.nextInt(12);
      List<String> expected = fullScan(places, folded, query, limit);
      List<String> actual = index.search(query, limit).stream()
          .map(m -> m.place().id() + " " + m.score() + " " + m.houseNumber()).toList();
      assertThat(actual).as("query '%s' limit %d (seed %d)", query, limit, SEED).isEqualTo(expected);
      nonEmpty += expected.isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).as("queries that found something").isGreaterThan(1_000);
  }

  /** What a call-taker might type about this place, or about nothing in particular. */
  private static String query(Place p, SplittableRandom random) {
    String name = random.nextBoolean() || p.nameEn() == null ? p.nameHe() : p.nameEn();
    String[] words = NameFolding.tokens(name);
    String a = words[random.nextInt(words.length)];
    String b = words[random.nextInt(words.length)];
    return switch (random.nextInt(7)) {
      case 0 -> a.substring(0, 1);
      case 1 -> a.substring(0, Math.min(3, a.length()));
      case 2 -> name;
      case 3 -> b + " " + a.substring(0, Math.min(2, a.length()));
      case 4 -> a + " " + (1 + random.nextInt(120));
      case 5 -> random.nextInt(120) + " " + a + " " + b.substring(0, 1);
      default -> String.join(" ", words).toUpperCase(java.util.Locale.ROOT) + " " + random.nextInt(5);
    };
  }

  private record Scored(Place place, int index, int score, Integer house, int length) {}

  private static List<String> fullScan(List<Place> places, List<String[]> folded, String query, int limit) {
    String[] terms = NameFolding.tokens(query);
    List<Scored> all = new ArrayList<>();
    for (int i = 0; i < places.size(); i++) {
      Place p = places.get(i);
      for (String name : folded.get(i)) {
        Scored s = name.isEmpty() ? null : score(p, i, name, name.split(" "), terms);
        if (s != null) {
          all.add(s);
        }
      }
    }
    all.sort(Comparator.comparingInt((Scored s) -> -s.score)
        .thenComparingInt(s -> s.length)
        .thenComparingInt(s -> kindRank(s.place.kind()))
        .thenComparingInt(s -> s.index));
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Scored s : all) {
      if (out.size() < limit && seen.add(s.place.id())) {
        out.add(s.place.id() + " " + s.score + " " + s.house);
      }
    }
    return out;
  }

  private static Scored score(Place p, int index, String name, String[] words, String[] terms) {
    Integer house = null;
    List<String> rest = new ArrayList<>();
    for (String t : terms) {
      boolean starts = false;
      for (String w : words) {
        starts |= w.startsWith(t);
      }
      if (starts) {
        rest.add(t);
      } else if (house == null && p.kind() == Place.Kind.STREET && t.matches("[0-9]{1,5}")) {
        house = Integer.valueOf(t);
      } else {
        return null;
      }
    }
    if (rest.isEmpty()) {
      return null;
    }
    int score;
    if (String.join(" ", rest).equals(name)) {
      score = PlaceIndex.EXACT;
    } else {
      int at = 0; // the words in the name's order: each after the one before
      for (String t : rest) {
        while (at < words.length && !words[at].startsWith(t)) {
          at++;
        }
        at++;
      }
      score = at <= words.length ? PlaceIndex.IN_ORDER : PlaceIndex.ANY_ORDER;
    }
    return new Scored(p, index, score, house, name.length());
  }

  private static int kindRank(Place.Kind kind) {
    return kind == Place.Kind.STREET ? 0 : kind == Place.Kind.POINT ? 1 : 2;
  }
}
