package org.hamal.gateway.http;

/**
 * A request the API refuses, rendered as {@code {"error":{"code","message","field"}}} with its
 * HTTP status. Thrown by validation and handlers; never carries a 5xx.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final String field;
  /** More about the error, merged into the error object (a layer's validation report). */
  private final io.vertx.core.json.JsonObject details;

  public ApiError(int status, String code, String message, String field) {
    this(status, code, message, field, null);
  }

  public ApiError(
      int status, String code, String message, String field, io.vertx.core.json.JsonObject details) {
    super(message, null, false, false);
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("client errors only: " + status);
    }
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }

  /** The request cannot be parsed (400). */
  public static ApiError malformed(String code, String message, String field) {
    return new ApiError(400, code, message, field);
  }

  /** The request parses but a value is not acceptable (422). */
  public static ApiError invalid(String code, String message, String field) {
    return new ApiError(422, code, message, field);
  }

  /** The request was fine, but the state it was made against changed meanwhile (409). */
  public static ApiError conflict(String code, String message, String field) {
    return new ApiError(409, code, message, field);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message, null);
  }

  public static ApiError forbidden(String code, String message, String field) {
    return new ApiError(403, code, message, field);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  /** Extra members of the error object, or null. */
  public io.vertx.core.json.JsonObject details() {
    return details;
  }
}
