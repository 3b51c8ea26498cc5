package org.hamal.surge.audit;

import java.util.Set;

/**
 * Which reports a subscriber should receive: today the districts its token confines it to (from
 * the server's {@code hello}), later also the filter of its subscription. Null means every one.
 */
public record Scope(Set<String> districts, Set<String> categories) {

  public static final Scope EVERYTHING = new Scope(null, null);

  public boolean expects(String district, String category) {
    return (districts == null || districts.contains(district))
        && (categories == null || categories.contains(category));
  }

  /** Both scopes at once: what a confined token sees through a filter. */
  public Scope and(Scope other) {
    return new Scope(intersect(districts, other.districts), intersect(categories, other.categories));
  }

  private static Set<String> intersect(Set<String> a, Set<String> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Set.copyOf(a.stream().filter(b::contains).toList());
  }

  @Override
  public String toString() {
    if (districts == null && categories == null) {
      return "all";
    }
    StringBuilder s = new StringBuilder();
    if (districts != null) {
      s.append("districts=").append(String.join(",", districts.stream().sorted().toList()));
    }
    if (categories != null) {
      s.append(s.length() > 0 ? ";" : "").append("categories=")
          .append(String.join(",", categories.stream().sorted().toList()));
    }
    return s.toString();
  }
}
