package org.hamal.gateway.config;

/**
 * Open311 GeoReport v2 ({@code /open311/v2/}).
 *
 * @param retryWindowMinutes a POST without an {@code Idempotency-Key} is identified by its
 *     {@code api_key} and body within windows of this length: a client's retry inside one stores
 *     nothing twice
 * @param listDays the span {@code GET requests} covers when it names no dates (the specification's 90)
 * @param listMaxRequests the most requests one {@code GET requests} answers (the specification's 1,000)
 * @param maxIds the most ids one {@code service_request_id} filter may name
 * @param contact who integrators write to, shown in discovery
 * @param addressMaxMeters a request's {@code address} is the nearest street or address of the
 *     city's place file within this distance, else null
 */
public record Open311Config(
    int retryWindowMinutes, int listDays, int listMaxRequests, int maxIds, String contact,
    double addressMaxMeters) {

  public Open311Config {
    if (retryWindowMinutes < 1 || listDays < 1 || listMaxRequests < 1 || maxIds < 1 || addressMaxMeters < 0) {
      throw new IllegalArgumentException(
          "open311.retryWindowMinutes, listDays, listMaxRequests and maxIds must be positive, addressMaxMeters not negative");
    }
  }
}
