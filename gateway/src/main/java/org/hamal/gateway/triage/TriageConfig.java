package org.hamal.gateway.triage;

import java.util.List;
import java.util.Map;

/**
 * How reports are prioritised: 1 (lowest) to 5 (life safety).
 *
 * @param defaultPriority the priority of a category not listed
 * @param categoryPriority priority by category
 * @param rules text rules: a description containing any of a rule's keywords (Hebrew or
 *     English, any case) raises the report to at least that rule's priority
 * @param deferrable categories that emergency mode stores but defers until after the emergency
 * @param deferBelow in emergency mode, reports of a deferrable category below this priority are
 *     deferred (a noise complaint that mentions fire is not)
 */
public record TriageConfig(
    int defaultPriority,
    Map<String, Integer> categoryPriority,
    List<Rule> rules,
    List<String> deferrable,
    int deferBelow) {

  public TriageConfig {
    categoryPriority = Map.copyOf(categoryPriority);
    rules = List.copyOf(rules);
    deferrable = List.copyOf(deferrable);
  }

  /**
   * @param name what the rule detects, e.g. {@code injured}
   * @param priority the least priority a matching report gets
   * @param keywords words or phrases, matched case-insensitively within the text
   */
  public record Rule(String name, int priority, List<String> keywords) {

    public Rule {
      keywords = List.copyOf(keywords);
    }
  }
}
