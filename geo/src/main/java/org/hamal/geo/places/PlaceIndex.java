package org.hamal.geo.places;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * An immutable index of place names for suggestions as a call-taker types. Each query word must
 * be the start of some word of a name (Hebrew or English), in any order; a number that starts no
 * word of a street's name is that street's house number. Built once per place file (and district
 * layer); a change builds a new index and swaps the reference.
 *
 * <p>Every word of every name is in one sorted array, with the names holding it: the words a query
 * word starts are one contiguous run of it. The query word with the fewest names in its run
 * chooses the candidates; each candidate's own words then decide the match and its score. Names
 * are numbered in the order that breaks ties between equal scores (shorter first, then by kind,
 * then file order), so candidates are read already ranked within each score, and the search stops
 * once it holds {@code limit} exact matches.
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
  /** Packed match: the name's number above these bits, the house number + 1 in them. */
  private static final int HOUSE_BITS = 20;

  private final List<Place> places;
  /** Name e (in tie-break order) belongs to place entryPlace[e]. */
  private final int[] entryPlace;
  private final String[][] entryWords;
  /** The folded name's length: names are numbered by it, shortest first. */
  private final int[] entryLength;
  /** Every distinct word, sorted, and the names holding it (ascending). */
  private final String[] words;
  private final int[][] postings;

  private PlaceIndex(List<Place> places) {
    this.places = List.copyOf(places);
    List<Name> names = new ArrayList<>();
    for (int p = 0; p < this.places.size(); p++) {
      Place place = this.places.get(p);
      String he = NameFolding.fold(place.nameHe());
      String en = NameFolding.fold(place.nameEn());
      for (String name : he.equals(en) ? List.of(he) : List.of(he, en)) {
        if (!name.isEmpty()) {
          names.add(new Name(p, name, kindRank(place.kind())));
        }
      }
    }
    names.sort(Comparator.comparingInt((Name n) -> n.folded.length())
        .thenComparingInt(n -> n.kindRank)
        .thenComparingInt(n -> n.place));
    int n = names.size();
    entryPlace = new int[n];
    entryWords = new String[n][];
    entryLength = new int[n];
    TreeMap<String, List<Integer>> byWord = new TreeMap<>();
    for (int e = 0; e < n; e++) {
      entryPlace[e] = names.get(e).place;
      entryWords[e] = names.get(e).folded.split(" ");
      entryLength[e] = names.get(e).folded.length();
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

  private record Name(int place, String folded, int kindRank) {}

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
    for (int w = lowerBound(terms[driver]), hi = upperBound(terms[driver]); w < hi; w++) {
      for (int e : postings[w]) {
        candidates.set(e);
      }
    }
    // By score; a place may come twice in one score (its Hebrew and English names), never in EXACT.
    long[][] tiers = new long[EXACT + 1][2 * limit];
    int[] counts = new int[EXACT + 1];
    // No name longer than the query can be exactly the query; past those, once the better two
    // scores hold enough names, a later (longer) name can only rank below them.
    int exactLength = String.join(" ", terms).length();
    for (int e = candidates.nextSetBit(0); e >= 0 && counts[EXACT] < limit; e = candidates.nextSetBit(e + 1)) {
      if (entryLength[e] > exactLength && counts[EXACT] + counts[IN_ORDER] >= 2 * limit) {
        break;
      }
      long m = match(e, terms);
      if (m >= 0) {
        int score = (int) (m & 3);
        if (counts[score] < tiers[score].length) {
          tiers[score][counts[score]++] = ((long) e << HOUSE_BITS) | (m >>> 2);
        }
      }
    }
    List<PlaceMatch> out = new ArrayList<>(limit);
    BitSet taken = new BitSet();
    for (int score = EXACT; score >= ANY_ORDER && out.size() < limit; score--) {
      for (int i = 0; i < counts[score] && out.size() < limit; i++) {
        long packed = tiers[score][i];
        int place = entryPlace[(int) (packed >>> HOUSE_BITS)];
        if (!taken.get(place)) {
          taken.set(place);
          int house = (int) (packed & ((1 << HOUSE_BITS) - 1)) - 1;
          Integer houseNumber = house < 0 ? null : house;
          Place p = places.get(place);
          out.add(new PlaceMatch(p, score, houseNumber, p.position(houseNumber)));
        }
      }
    }
    return out;
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
      for (int w = lowerBound(terms[t]), hi = upperBound(terms[t]); w < hi; w++) {
        count += postings[w].length;
      }
      if (count < fewest) {
        fewest = count;
        driver = t;
      }
    }
    return driver;
  }

  /**
   * How name {@code e} matches the query: -1 for not at all, else its score in the two low bits
   * and above them the house number + 1 (0 for none).
   */
  private long match(int e, String[] terms) {
    String[] name = entryWords[e];
    int houseNumber = -1;
    int next = 0; // where the next word must start for the order to hold
    boolean inOrder = true;
    boolean exact = true;
    int matched = 0;
    for (String term : terms) {
      int at = find(name, term, next);
      if (at < 0) {
        at = find(name, term, 0);
        inOrder &= at < 0; // found only before the words already matched: out of order
      }
      if (at < 0) {
        if (houseNumber < 0 && houseNumber(term) && places.get(entryPlace[e]).kind() == Place.Kind.STREET) {
          houseNumber = Integer.parseInt(term);
          continue;
        }
        return -1;
      }
      exact &= at == matched && term.length() == name[at].length();
      matched++;
      if (inOrder) {
        next = at + 1;
      }
    }
    if (matched == 0) {
      return -1; // a bare number names no place
    }
    int score = exact && inOrder && matched == name.length ? EXACT : inOrder ? IN_ORDER : ANY_ORDER;
    return ((long) (houseNumber + 1) << 2) | score;
  }

  private static int find(String[] name, String term, int from) {
    for (int i = from; i < name.length; i++) {
      if (name[i].startsWith(term)) {
        return i;
      }
    }
    return -1;
  }

  /** The first word not before {@code prefix}. */
  private int lowerBound(String prefix) {
    int i = Arrays.binarySearch(words, prefix);
    return i >= 0 ? i : -i - 1;
  }

  /** The first word after every word {@code prefix} starts. */
  private int upperBound(String prefix) {
    return lowerBound(prefix + Character.MAX_VALUE);
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
}
