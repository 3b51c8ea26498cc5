package org.hamal.gateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {

  @Test
  void aQueryIsLoggedByItsParameterNamesOnly() {
    assertThat(AccessLog.pathAndParameterNames("/api/v1/places", "q=%D7%93%D7%A0%D7%94&limit=5"))
        .isEqualTo("/api/v1/places?q&limit");
    assertThat(AccessLog.pathAndParameterNames("/api/v1/reports", "district&&status=new"))
        .isEqualTo("/api/v1/reports?district&status");
    assertThat(AccessLog.pathAndParameterNames("/health", null)).isEqualTo("/health");
    // A value sent bare, where a name goes, is not a name: a phone number never reaches the log.
    assertThat(AccessLog.pathAndParameterNames("/api/v1/reports", "0541234567&limit=5"))
        .isEqualTo("/api/v1/reports??&limit");
  }

  @Test
  void aHostilePathIsCut() {
    String logged = AccessLog.pathAndParameterNames("/" + "a".repeat(10_000), null);
    assertThat(logged).hasSizeLessThan(600).endsWith("…");
  }
}
