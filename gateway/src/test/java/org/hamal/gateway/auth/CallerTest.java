package org.hamal.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

  @Test
  void aPatrollerReachesOnlyTheirDistricts() {
    Caller patroller = new Caller("p7", Set.of(Role.PATROLLER), Set.of("shimshon", "barnea"));
    assertThat(patroller.isConfinedToDistricts()).isTrue();
    assertThat(patroller.reaches("shimshon")).isTrue();
    assertThat(patroller.reaches("afridar")).isFalse();
    assertThat(patroller.seesPersonalData()).isTrue();
  }

  @Test
  void cityWideRolesReachEveryDistrict() {
    for (Role r : Set.of(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.DISPLAY, Role.INTAKE)) {
      Caller c = new Caller("x", Set.of(r, Role.PATROLLER), Set.of("shimshon"));
      assertThat(c.isConfinedToDistricts()).as(r.wire()).isFalse();
      assertThat(c.reaches("afridar")).as(r.wire()).isTrue();
    }
  }

  @Test
  void aDisplayNeverSeesPersonalData() {
    assertThat(new Caller("wall", Set.of(Role.DISPLAY), Set.of()).seesPersonalData()).isFalse();
    assertThat(new Caller("wall", Set.of(Role.DISPLAY, Role.OPERATOR), Set.of()).seesPersonalData())
        .isFalse();
    assertThat(new Caller("op", Set.of(Role.OPERATOR), Set.of()).seesPersonalData()).isTrue();
    assertThat(new Caller("nobody", Set.of(), Set.of()).seesPersonalData()).isFalse();
  }
}
