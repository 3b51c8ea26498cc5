package org.hamal.gateway.triage;

/** Gives every new report its priority. */
public final class Triage {

  private final TriageConfig config;

  public Triage(TriageConfig config) {
    this.config = config;
  }

  /** The priority of a new report of {@code category} saying {@code description}. */
  public int priority(String category, String description) {
    return config.categoryPriority().getOrDefault(category, config.defaultPriority());
  }
}
