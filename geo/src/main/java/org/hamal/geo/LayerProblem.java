package org.hamal.geo;

/**
 * One finding of layer validation.
 *
 * @param feature the feature's id, or {@code #n} (its position) when it has no usable id; null
 *     for problems of the whole file
 * @param code a stable machine-readable code, e.g. {@code duplicate_id}
 * @param message what is wrong, for a person fixing the layer
 * @param severity errors reject the layer; warnings are reported and the layer is accepted
 */
public record LayerProblem(String feature, String code, String message, Severity severity) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public static LayerProblem error(String feature, String code, String message) {
    return new LayerProblem(feature, code, message, Severity.ERROR);
  }

  public static LayerProblem warning(String feature, String code, String message) {
    return new LayerProblem(feature, code, message, Severity.WARNING);
  }

  @Override
  public String toString() {
    return severity + (feature == null ? "" : " [" + feature + "]") + " " + code + ": " + message;
  }
}
