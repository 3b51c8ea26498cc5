package org.hamal.geo;

import java.util.List;
import java.util.stream.Collectors;

/** A layer that failed validation; carries every problem found, not just the first. */
public final class LayerException extends Exception {

  private final transient List<LayerProblem> problems;

  public LayerException(String source, List<LayerProblem> problems) {
    super(
        "Layer "
            + source
            + " rejected:\n  "
            + problems.stream().map(LayerProblem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  public List<LayerProblem> problems() {
    return problems;
  }
}
