package org.hamal.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What a rejected layer load reported. */
final class Rejections {

  private Rejections() {}

  /** The one problem {@code load} was rejected for; fails if it loaded or had several. */
  static LayerProblem onlyProblem(ThrowingCallable load) {
    LayerException e = catchThrowableOfType(LayerException.class, load);
    assertThat(e).as("the layer should have been rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }
}
