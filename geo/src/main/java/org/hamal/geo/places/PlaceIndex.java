package org.hamal.geo.places;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * An immutable index of place names for suggestions as a call-taker types. Each query word must
 * be the start of some word of a name (Hebrew or English), in any order; a number that starts no
 * word of a street's name is that street's house number. Built once per place file (and district
 * layer); a change builds a new index and swaps the reference.
 *
 * <p>Every word of every name is in one sorted array, with the names holding it: the words a query
 * word starts are one contiguous run of it. The query word with the fewest names in its run
 * chooses the candidates; each candidate's own words then decide the match and its rank.
 */
public final class PlaceIndex {

  /** The query is the whole name. */
  public static final int EXACT = 3;
  /** The query's words start the name's words, in the name's order. */
  public static final int IN_ORDER = 2;
  /** The query's words start the name's words, in another order. */
  public static final int ANY_ORDER = 1;

  /** Above this, a number is no house number (no street runs that far). */
  private static final int MAX_HOUSE_NUMBER = PlaceFile.MAX_HOUSE_NUMBER;

  private final List<Place> places;
  /** Entry e is a name of place entryPlace[e]; a place's names are adjacent entries. */
  private final int[] entryPlace;
  private final String[][] entryWords;
  private final String[] entryFolded;
  /** Every distinct word, sorted, and the entries holding it (ascending). */
  private final String[] words;
  private final int[][] postings;

  private PlaceIndex(List<Place> places) {
    this.places = List.copyOf(places);
    List<Integer> owners = new ArrayList<>();
    List<String> folded = new ArrayList<>();
    for (int p = 0; p < this.places.size(); p++) {
      Place place = this.places.get(p);
      String he = NameFolding.fold(place.nameHe());
      String en = NameFolding.fold(place.nameEn());
      for (String name : he.equals(en) ? List.of(he) : List.of(he, en)) {
        if (!name.isEmpty()) {
          owners.add(p);
          folded.add(name);
        }
      }
    }
    int n = folded.size();
    entryPlace = new int[n];
    entryWords = new String[n][];
    entryFolded = folded.toArray(String[]::new);
    TreeMap<String, List<Integer>> byWord = new TreeMap<>();
    for (int e = 0; e < n; e++) {
      entryPlace[e] = owners.get(e);
      entryWords[e] = entryFolded[e].split(" ");
      for (String w : entryWords[e]) {
        List<Integer> list = byWord.computeIfAbsent(w, k -> new ArrayList<>());
        if (list.isEmpty() || list.get(list.size() - 1) != e) {
          list.add(e);
        }
      }
    }
    words = byWord.keySet().toArray(String[]::new);
    postings = new int[words.length][];
    int i = 0;
    for (List<Integer> list : byWord.values()) {
      postings[i++] = list.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** An index of these places, in this order (the last tie-break of the ranking). */
  public static PlaceIndex of(List<Place> places) {
    return new PlaceIndex(places);
  }

  public List<Place> places() {
    return places;
  }

  /**
   * The best {@code limit} places for {@code query}, best first: by score, then shorter names
   * (a more specific match), then streets before points before districts, then index order.
   */
  public List<PlaceMatch> search(String query, int limit) {
    String[] terms = NameFolding.tokens(query);
    int driver = driver(terms);
    if (driver < 0 || limit < 1) {
      return List.of();
    }
    BitSet candidates = new BitSet(entryPlace.length);
    int lo = lowerBound(terms[driver]);
    int hi = lowerBound(terms[driver] + Character.MAX_VALUE);
    for (int w = lo; w < hi; w++) {
      for (int e : postings[w]) {
        candidates.set(e);
      }
    }
    PriorityQueue<Ranked> best = new PriorityQueue<>(limit + 1, RANKING.reversed());
    Ranked pending = null; // the best name so far of the place being read
    for (int e = candidates.nextSetBit(0); e >= 0; e = candidates.nextSetBit(e + 1)) {
      Ranked r = match(e, terms);
      if (r == null) {
        continue;
      }
      if (pending != null && pending.place == r.place) {
        pending = RANKING.compare(r, pending) < 0 ? r : pending;
      } else {
        offer(best, pending, limit);
        pending = r;
      }
    }
    offer(best, pending, limit);
    List<PlaceMatch> out = new ArrayList<>(best.size());
    while (!best.isEmpty()) {
      Ranked r = best.poll();
      Place place = places.get(r.place);
      out.add(new PlaceMatch(place, r.score, r.houseNumber, place.position(r.houseNumber)));
    }
    java.util.Collections.reverse(out);
    return out;
  }

  private static void offer(PriorityQueue<Ranked> best, Ranked r, int limit) {
    if (r == null) {
      return;
    }
    best.add(r);
    if (best.size() > limit) {
      best.poll();
    }
  }

  /**
   * The query word whose run holds the fewest names: a word rather than a number when there is
   * one (a number may be a house number, which no name holds); -1 for an empty query.
   */
  private int driver(String[] terms) {
    boolean anyWord = Arrays.stream(terms).anyMatch(t -> !number(t));
    int driver = -1;
    long fewest = Long.MAX_VALUE;
    for (int t = 0; t < terms.length; t++) {
      if (anyWord && number(terms[t])) {
        continue;
      }
      long count = 0;
      for (int w = lowerBound(terms[t]), hi = lowerBound(terms[t] + Character.MAX_VALUE); w < hi; w++) {
        count += postings[w].length;
      }
      if (count < fewest) {
        fewest = count;
        driver = t;
      }
    }
    return driver;
  }

  /** How entry {@code e} matches the query, or null. */
  private Ranked match(int e, String[] terms) {
    String[] name = entryWords[e];
    Place place = places.get(entryPlace[e]);
    Integer houseNumber = null;
    int next = 0; // where the next word must start for the order to hold
    boolean inOrder = true;
    StringBuilder rest = new StringBuilder();
    for (String term : terms) {
      int at = find(name, term, next);
      if (at < 0) {
        at = find(name, term, 0);
        inOrder = false;
      }
      if (at < 0) {
        if (houseNumber == null && place.kind() == Place.Kind.STREET && houseNumber(term)) {
          houseNumber = Integer.valueOf(term);
          continue;
        }
        return null;
      }
      if (inOrder) {
        next = at + 1;
      }
      rest.append(rest.length() == 0 ? "" : " ").append(term);
    }
    if (rest.length() == 0) {
      return null; // a bare number names no place
    }
    int score = rest.toString().equals(entryFolded[e]) ? EXACT : inOrder ? IN_ORDER : ANY_ORDER;
    return new Ranked(entryPlace[e], score, entryFolded[e].length(), place.kind(), houseNumber);
  }

  private static int find(String[] name, String term, int from) {
    for (int i = from; i < name.length; i++) {
      if (name[i].startsWith(term)) {
        return i;
      }
    }
    return -1;
  }

  private int lowerBound(String key) {
    int i = Arrays.binarySearch(words, key);
    return i >= 0 ? i : -i - 1;
  }

  private static boolean number(String term) {
    for (int i = 0; i < term.length(); i++) {
      if (term.charAt(i) < '0' || term.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean houseNumber(String term) {
    return number(term) && term.length() <= 5 && Integer.parseInt(term) <= MAX_HOUSE_NUMBER;
  }

  /** Streets place a report best, then points, then districts (their label point). */
  private static int kindRank(Place.Kind kind) {
    return switch (kind) {
      case STREET -> 0;
      case POINT -> 1;
      case DISTRICT -> 2;
    };
  }

  private record Ranked(int place, int score, int length, Place.Kind kind, Integer houseNumber) {}

  /** Best first. */
  private static final Comparator<Ranked> RANKING =
      Comparator.comparingInt((Ranked r) -> -r.score)
          .thenComparingInt(r -> r.length)
          .thenComparingInt(r -> kindRank(r.kind))
          .thenComparingInt(r -> r.place);
}
