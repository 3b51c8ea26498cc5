package org.hamal.gateway.triage;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.hamal.cluster.report.Report;

/**
 * Gives every new report its priority, from its category and its text, and says whether
 * emergency mode defers it. Life safety first: a description that speaks of the injured, of fire,
 * of gas, of people trapped or of a fallen power line raises any report to the top, in Hebrew or
 * English. Rules come from configuration.
 */
public final class Triage {

  /** The outcome for one report: its priority, the rules that raised it, and deferral. */
  public record Decision(int priority, List<String> matched, boolean deferrable) {}

  private final TriageConfig config;
  private final List<TriageConfig.Rule> rules;
  /** Every keyword, as its normalized words, under its first word: one lookup per word read. */
  private final Map<String, List<Keyword>> byFirstWord;

  private record Keyword(int rule, String[] words) {}

  /**
   * Hebrew writes "and", "the", "in", "to", "from", "that", "as" as letters glued to the next
   * word: "בשריפה" is "in the fire". A keyword may carry up to three of them.
   */
  private static final String HEBREW_PREFIX_LETTERS = "והבכלמשד";

  private static final int MAX_PREFIX_LETTERS = 3;

  public Triage(TriageConfig config) {
    this.config = config;
    this.rules = List.copyOf(config.rules());
    Map<String, List<Keyword>> index = new HashMap<>();
    for (int r = 0; r < rules.size(); r++) {
      for (String k : rules.get(r).keywords()) {
        String[] words = words(normalize(k)).toArray(String[]::new);
        if (words.length > 0) {
          index.computeIfAbsent(words[0], w -> new ArrayList<>()).add(new Keyword(r, words));
        }
      }
    }
    this.byFirstWord = Map.copyOf(index);
  }

  /** What separates words: anything but letters and digits. Compiled once (split would compile it per call). */
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  private static List<String> words(String normalized) {
    List<String> out = new ArrayList<>();
    for (String w : SEPARATORS.split(normalized)) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** The priority of a new report of {@code category} saying {@code description}. */
  public int priority(String category, String description) {
    return decide(category, description).priority();
  }

  public Decision decide(String category, String description) {
    int priority = config.categoryPriority().getOrDefault(category, config.defaultPriority());
    List<String> matched = new ArrayList<>();
    if (description != null && !description.isBlank()) {
      boolean[] hit = matches(words(normalize(description)));
      for (int r = 0; r < rules.size(); r++) {
        if (hit[r]) {
          matched.add(rules.get(r).name());
          priority = Math.max(priority, rules.get(r).priority());
        }
      }
    }
    priority = Math.max(Report.MIN_PRIORITY, Math.min(Report.MAX_PRIORITY, priority));
    boolean deferrable = config.deferrable().contains(category) && priority < config.deferBelow();
    return new Decision(priority, List.copyOf(matched), deferrable);
  }

  /**
   * Which rules have a keyword in the text. A keyword matches whole words only ("אש", fire,
   * must not match inside "אשפה", garbage), its first word possibly behind up to three Hebrew
   * prefix letters. Each word of the text is looked up as it is and without 1 to 3 prefix
   * letters: a few hash lookups per word instead of a scan of the text per keyword.
   */
  private boolean[] matches(List<String> text) {
    boolean[] hit = new boolean[rules.size()];
    for (int i = 0; i < text.size(); i++) {
      String word = text.get(i);
      for (int p = 0; p <= MAX_PREFIX_LETTERS && p < word.length(); p++) {
        if (p > 0 && HEBREW_PREFIX_LETTERS.indexOf(word.charAt(p - 1)) < 0) {
          break; // a letter that is no prefix: nothing further in can start a keyword
        }
        List<Keyword> candidates = byFirstWord.get(p == 0 ? word : word.substring(p));
        if (candidates != null) {
          for (Keyword k : candidates) {
            if (!hit[k.rule()] && followedBy(text, i, k.words())) {
              hit[k.rule()] = true;
            }
          }
        }
      }
    }
    return hit;
  }

  /** Whether the text's words after position {@code i} are the keyword's words after its first. */
  private static boolean followedBy(List<String> text, int i, String[] words) {
    if (i + words.length > text.size()) {
      return false;
    }
    for (int k = 1; k < words.length; k++) {
      if (!text.get(i + k).equals(words[k])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Lower case, Hebrew points and cantillation removed, final letters folded to their plain
   * forms, so that "פצועים", "פְּצוּעִים" and "Injured" match their keywords however written.
   */
  static String normalize(String text) {
    // Most texts are plain letters, which decomposition leaves as they are: spare it them.
    String decomposed = isPlain(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if ((c >= '\u0591' && c <= '\u05C7') || Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      out.append(switch (c) {
        case 'ך' -> 'כ';
        case 'ם' -> 'מ';
        case 'ן' -> 'נ';
        case 'ף' -> 'פ';
        case 'ץ' -> 'צ';
        default -> c;
      });
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** Only ASCII and unpointed Hebrew letters: characters that NFD does not change. */
  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80 && (c < '\u05D0' || c > '\u05EA')) {
        return false;
      }
    }
    return true;
  }
}
