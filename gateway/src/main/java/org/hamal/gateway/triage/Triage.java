package org.hamal.gateway.triage;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.hamal.cluster.Report;

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
  private final List<CompiledRule> rules;

  private record CompiledRule(String name, int priority, List<Pattern> keywords) {}

  /**
   * Hebrew writes "and", "the", "in", "to", "from", "that", "as" as letters glued to the next
   * word: "בשריפה" is "in the fire". A keyword may carry up to three of them.
   */
  private static final String HEBREW_PREFIXES = "[והבכלמשד]{0,3}";

  public Triage(TriageConfig config) {
    this.config = config;
    List<CompiledRule> compiled = new ArrayList<>();
    for (TriageConfig.Rule r : config.rules()) {
      compiled.add(new CompiledRule(r.name(), r.priority(), r.keywords().stream().map(Triage::keyword).toList()));
    }
    this.rules = List.copyOf(compiled);
  }

  /** A keyword matches whole words only: "אש" (fire) must not match inside "אשפה" (garbage). */
  private static Pattern keyword(String keyword) {
    String words = String.join(" ", words(normalize(keyword)));
    return Pattern.compile("(?:^| )" + HEBREW_PREFIXES + Pattern.quote(words) + "(?= |$)");
  }

  private static List<String> words(String normalized) {
    List<String> out = new ArrayList<>();
    for (String w : normalized.split("[^\\p{L}\\p{N}]+")) {
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
      String text = String.join(" ", words(normalize(description)));
      for (CompiledRule rule : rules) {
        for (Pattern keyword : rule.keywords()) {
          if (keyword.matcher(text).find()) {
            matched.add(rule.name());
            priority = Math.max(priority, rule.priority());
            break;
          }
        }
      }
    }
    priority = Math.max(Report.MIN_PRIORITY, Math.min(Report.MAX_PRIORITY, priority));
    boolean deferrable = config.deferrable().contains(category) && priority < config.deferBelow();
    return new Decision(priority, List.copyOf(matched), deferrable);
  }

  /**
   * Lower case, Hebrew points and cantillation removed, final letters folded to their plain
   * forms, so that "פצועים", "פְּצוּעִים" and "Injured" match their keywords however written.
   */
  static String normalize(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
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
}
