package org.hamal.cluster.mode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.TestPostgres;
import org.hamal.cluster.store.Store;
import org.hamal.cluster.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mode's state and audit log in a real PostgreSQL database. */
class ModeRepositoryTest {

  private final Vertx vertx = Vertx.vertx();
  private StoreOptions options;
  private Store store;
  private ModeRepository modes;

  @BeforeEach
  void open() throws Exception {
    options = TestPostgres.freshStoreOptions();
    reopen();
  }

  private void reopen() throws Exception {
    store = Store.open(vertx, options).await(30, TimeUnit.SECONDS);
    modes = new ModeRepository(store);
  }

  @AfterEach
  void close() {
    store.close().await();
    vertx.close().await();
  }

  @Test
  void aTransitionIsWrittenOverTheVersionItWasDecidedFromOnly() throws Exception {
    Instant t0 = Instant.ofEpochMilli(1_795_000_000_000L);
    ModeState first = new ModeState(Mode.ROUTINE, false, "start", "system", "cluster started", t0, null, null, 1);
    ModeState held = new ModeState(Mode.EMERGENCY, true, "manual", "supervisor-miri", "מטח רקטות", t0.plusSeconds(60), null, null, 2);
    ModeState rival = new ModeState(Mode.EMERGENCY, false, "intake-rate", "system", "intake", t0.plusSeconds(61), null, null, 2);

    assertThat(modes.state().await(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(modes.transition(0, first, audit(first, Mode.ROUTINE)).await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(modes.transition(0, first, audit(first, Mode.ROUTINE)).await(10, TimeUnit.SECONDS)).isFalse();
    assertThat(modes.transition(1, held, audit(held, Mode.ROUTINE)).await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(modes.transition(1, rival, audit(rival, Mode.ROUTINE)).await(10, TimeUnit.SECONDS)).isFalse();

    store.close().await();
    reopen();
    assertThat(modes.state().await(10, TimeUnit.SECONDS)).contains(held);
    List<ModeAudit> history = modes.history(10).await(10, TimeUnit.SECONDS);
    assertThat(history).extracting(ModeAudit::actor).containsExactly("supervisor-miri", "system");
    assertThat(history.get(0).reason()).isEqualTo("מטח רקטות");
  }

  @Test
  void anAuditEntryIsCommittedWhenItsWriteReturns() throws Exception {
    ModeAudit audit = new ModeAudit(UUID.randomUUID().toString(), Instant.now(),
        Mode.EMERGENCY, Mode.EMERGENCY, "restart", "system", "cluster restarted in emergency", null);

    modes.audit(audit).await(10, TimeUnit.SECONDS);

    try (Connection c = DriverManager.getConnection(options.url());
        PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM mode_audit WHERE id = ?")) {
      q.setString(1, audit.id());
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("seen by another connection").isEqualTo(1);
      }
    }
  }

  private static ModeAudit audit(ModeState s, Mode previous) {
    return new ModeAudit(UUID.randomUUID().toString(), s.since(), s.mode(), previous, s.trigger(), s.actor(), s.reason(), null);
  }
}
