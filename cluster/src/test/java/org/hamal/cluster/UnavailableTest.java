package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.MemberLeftException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

class UnavailableTest {

  @Test
  void lostConnectionsTimeoutsAndDepartedMembersAreUnavailability() {
    assertThat(Unavailable.is(new RuntimeException(new SQLNonTransientConnectionException("broken")))).isTrue();
    assertThat(Unavailable.is(new SQLException("connection refused", "08001"))).isTrue();
    assertThat(Unavailable.is(new NoStackTraceTimeoutException("timed out"))).isTrue();
    assertThat(Unavailable.is(new RuntimeException(new MemberLeftException("gone")))).isTrue();
  }

  @Test
  void bugsAndBadDataAreNot() {
    assertThat(Unavailable.is(new IllegalStateException("a bug"))).isFalse();
    assertThat(Unavailable.is(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(Unavailable.is(new SQLException("syntax error", "42601"))).isFalse();
  }
}
