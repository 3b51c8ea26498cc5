package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;

/** Assertions on the API's error answers. */
public final class ApiErrors {

  private ApiErrors() {}

  /** The response is {@code status} with {@code {"error":{"code","field"}}} as given. */
  public static void assertError(HttpResponse<String> r, int status, String code, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("field")).isEqualTo(field);
  }
}
