package org.hamal.geo.places;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call-taker's place search ({@code GET /api/v1/places?q=}) against a city-sized place file:
 * 50,000 generated places ({@link SamplePlaces}), each with a Hebrew and an English name, 10
 * suggestions per query. The queries are drawn once from the file's own names, by kind:
 *
 * <ul>
 *   <li>{@code prefix}: the first three letters of a name's word, as typed so far;
 *   <li>{@code two-words}: two different words of a name, the second half-typed, in reverse order
 *       half the time;
 *   <li>{@code house}: a street's name and a house number (interpolated);
 *   <li>{@code one-letter}: a single letter, the worst case: thousands of names start with it.
 * </ul>
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlaceSearchBenchmark {

  private static final int QUERIES = 1024;

  @Param({"50000"})
  public int places;

  @Param({"prefix", "two-words", "house", "one-letter"})
  public String query;

  private PlaceIndex index;
  private final String[] queries = new String[QUERIES];
  private int next;

  @Setup
  public void setUp() throws Exception {
    PlaceFile file = PlaceFile.load(SamplePlaces.city(places, 7), "sample", null);
    index = PlaceIndex.of(file.places());
    SplittableRandom random = new SplittableRandom(11);
    List<Place> streets = new ArrayList<>();
    for (Place p : file.places()) {
      if (p.kind() == Place.Kind.STREET && p.houses() != null) {
        streets.add(p);
      }
    }
    for (int i = 0; i < QUERIES; i++) {
      Place p = file.places().get(random.nextInt(file.places().size()));
      String name = random.nextBoolean() ? p.nameHe() : p.nameEn();
      String[] words = name.split(" ");
      int first = random.nextInt(words.length);
      String a = words[first];
      String b = words[(first + 1 + random.nextInt(words.length - 1)) % words.length];
      queries[i] = switch (query) {
        case "prefix" -> a.substring(0, Math.min(3, a.length()));
        case "two-words" -> random.nextBoolean()
            ? a + " " + b.substring(0, Math.min(2, b.length()))
            : b.substring(0, Math.min(2, b.length())) + " " + a;
        case "house" -> {
          Place s = streets.get(random.nextInt(streets.size()));
          yield s.nameHe() + " " + (1 + random.nextInt(Math.max(s.houses().from(), s.houses().to())));
        }
        default -> name.substring(0, 1);
      };
    }
    int found = 0;
    for (String q : queries) {
      found += index.search(q, 10).isEmpty() ? 0 : 1;
    }
    System.out.printf("%n%d places, %s queries: %d of %d found something (e.g. '%s')%n",
        places, query, found, QUERIES, queries[0]);
  }

  @Benchmark
  public List<PlaceMatch> search() {
    String q = queries[next];
    next = (next + 1) & (QUERIES - 1);
    return index.search(q, 10);
  }
}
