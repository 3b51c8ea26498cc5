package org.hamal.gateway.triage;

import java.util.Map;

/**
 * How reports are prioritised: 1 (lowest) to 5 (life safety).
 *
 * @param defaultPriority the priority of a category not listed
 * @param categoryPriority priority by category
 */
public record TriageConfig(int defaultPriority, Map<String, Integer> categoryPriority) {

  public TriageConfig {
    categoryPriority = Map.copyOf(categoryPriority);
  }
}
