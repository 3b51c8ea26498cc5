package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class UnavailableTest {

  @Test
  void lostConnectionsTimeoutsAndDepartedMembersAreUnavailability() {
    assertThat(Unavailable.is(new RuntimeException(new SQLNonTransientConnectionException("broken")))).isTrue();
    assertThat(Unavailable.is(new SQLException("connection refused", "08001"))).isTrue();
    assertThat(Unavailable.is(new TimeoutException("timed out"))).isTrue();
    assertThat(Unavailable.is(new RuntimeException(new MemberLeftException("gone")))).isTrue();
    // Hazelcast 5.3's exception for missed backup acks does not implement IndeterminateOperationState.
    assertThat(Unavailable.is(new RuntimeException(new IndeterminateOperationStateException("backup acks missed"))))
        .isTrue();
  }

  @Test
  void bugsAndBadDataAreNot() {
    assertThat(Unavailable.is(new IllegalStateException("a bug"))).isFalse();
    assertThat(Unavailable.is(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(Unavailable.is(new SQLException("syntax error", "42601"))).isFalse();
  }
}
