package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.hamal.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

class ResumeTest {

  private static final String EPOCH = "2f1e5c7a-0b1d-4c2e-9f00-4a7d1c3e5b21";

  @Test
  void aTokenNamesTheEpochTheSequenceAndTheTagOfTheEntryThere() {
    String token = Resume.token(EPOCH, 1041, "k3x9a1");
    assertThat(token).isEqualTo(EPOCH + ":1041:k3x9a1");
    assertThat(Resume.parse(new JsonObject().put("token", token))).isEqualTo(new Resume(EPOCH, 1041, "k3x9a1"));
    assertThat(Resume.parse(new JsonObject().put("epoch", EPOCH).put("seq", 1041).put("tag", "k3x9a1")))
        .isEqualTo(new Resume(EPOCH, 1041, "k3x9a1"));
  }

  @Test
  void withoutATagTheSequenceAloneIsTheClientsPosition() {
    assertThat(Resume.token(EPOCH, 7, null)).isEqualTo(EPOCH + ":7");
    assertThat(Resume.parse(new JsonObject().put("token", EPOCH + ":7"))).isEqualTo(new Resume(EPOCH, 7, null));
    assertThat(Resume.parse(new JsonObject().put("epoch", EPOCH).put("seq", 7).put("tag", "")))
        .isEqualTo(new Resume(EPOCH, 7, null));
    assertThat(Resume.parse(null)).isNull();
  }

  @Test
  void aMalformedResumeIsAClientError() {
    for (String token : new String[] {"", EPOCH, EPOCH + ":x", EPOCH + ":1:t:u", ":5"}) {
      assertThatThrownBy(() -> Resume.parse(new JsonObject().put("token", token)))
          .as(token)
          .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.field()).isEqualTo("resume"));
    }
    assertThatThrownBy(() -> Resume.parse(new JsonObject().put("epoch", EPOCH)))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("missing_field"));
    assertThatThrownBy(() -> Resume.parse("epoch:1"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("invalid_type"));
  }
}
