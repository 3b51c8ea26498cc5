package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.hamal.gateway.config.ReportsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReportValidatorTest {

  private final ReportValidator validator =
      new ReportValidator(
          new ReportsConfig(
              List.of("hazard", "fire"), Map.of(), List.of("web", "sms"), "web", 20, 50, 500, 100));

  private static JsonObject valid() {
    return new JsonObject(
        """
        {"category":"fire","description":"עשן מהבניין","location":{"lon":34.57,"lat":31.66},
         "reporter":{"name":"דנה","phone":"+972-50-1234567"},"channel":"sms"}
        """);
  }

  @Test
  void acceptsAFullReport() {
    NewReport r = validator.validate(valid());
    assertThat(r.category()).isEqualTo("fire");
    assertThat(r.lon()).isEqualTo(34.57);
    assertThat(r.reporter().phone()).isEqualTo("+972-50-1234567");
    assertThat(r.reporter().callback()).isNull();
    assertThat(r.channel()).isEqualTo("sms");
    assertThat(r.incident()).isNull();
  }

  @Test
  void aCallTakerSaysWhetherTheCallerMayBeCalledBackAndWhichIncidentItIs() {
    JsonObject body = valid().put("incident", "7C8F69F1-B8AE-4334-B01C-C9C38DBF79A3");
    body.getJsonObject("reporter").put("callback", false);
    NewReport r = validator.validate(body);
    assertThat(r.reporter().callback()).isFalse();
    assertThat(r.incident()).isEqualTo("7c8f69f1-b8ae-4334-b01c-c9c38dbf79a3");
  }

  @Test
  void channelDefaultsAndReporterIsOptional() {
    JsonObject body = valid();
    body.remove("channel");
    body.remove("reporter");
    NewReport r = validator.validate(body);
    assertThat(r.channel()).isEqualTo("web");
    assertThat(r.reporter()).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"description\":\"x\",\"location\":{\"lon\":34,\"lat\":31}}|missing_field|category",
        "{\"category\":\"flood\",\"location\":{\"lon\":34,\"lat\":31}}|unknown_category|category",
        "{\"category\":7,\"location\":{\"lon\":34,\"lat\":31}}|invalid_type|category",
        "{\"category\":\"fire\"}|missing_field|location",
        "{\"category\":\"fire\",\"location\":[34,31]}|invalid_type|location",
        "{\"category\":\"fire\",\"location\":{\"lon\":\"34\",\"lat\":31}}|invalid_type|location.lon",
        "{\"category\":\"fire\",\"location\":{\"lon\":34}}|missing_field|location.lat",
        "{\"category\":\"fire\",\"location\":{\"lon\":200,\"lat\":31}}|out_of_range|location.lon",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":-91}}|out_of_range|location.lat",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31,\"alt\":3}}|unknown_field|location.alt",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"descrption\":\"x\"}|unknown_field|descrption",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"description\":\"123456789012345678901\"}|too_long|description",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"channel\":\"fax\"}|unknown_channel|channel",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"reporter\":{\"phone\":\"call me\"}}|invalid_phone|reporter.phone",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"reporter\":\"dana\"}|invalid_type|reporter",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"id\":\"not-a-uuid\"}|invalid_id|id",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"incident\":\"the big one\"}|invalid_id|incident",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"incident\":7}|invalid_type|incident",
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"reporter\":{\"callback\":\"yes\"}}|invalid_type|reporter.callback",
        // Version 8 is what keyed reports' ids are derived as: a client may not take one in advance.
        "{\"category\":\"fire\",\"location\":{\"lon\":34,\"lat\":31},\"id\":\"0f1e2d3c-4b5a-8987-a6b5-c4d3e2f1a0b9\"}|invalid_id|id",
      })
  void refusesInvalidValuesWith422NamingTheField(String body, String code, String field) {
    assertThatThrownBy(() -> validator.validate(new JsonObject(body)))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.field()).isEqualTo(field);
            });
  }
}
