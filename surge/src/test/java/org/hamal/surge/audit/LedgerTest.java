package org.hamal.surge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LedgerTest {

  private final AtomicLong clock = new AtomicLong(1_000);
  private final List<Long> latencies = new ArrayList<>();
  private final Ledger ledger = new Ledger(clock::get, latencies::add);
  // A screen that sees everything, and a tablet confined to "north".
  private final int screen = ledger.addSubscriber("screen", Scope.EVERYTHING);
  private final int tablet = ledger.addSubscriber("tablet", new Scope(Set.of("north"), null));

  private AuditResult audit() {
    return ledger.audit(Set.of(), Map.of());
  }

  @Test
  void passesWhenEveryoneGetsWhatTheirScopeHoldsExactlyOnce() {
    ledger.acked("n1", "north", "fire", 100);
    ledger.acked("s1", "south", "noise", 110);
    ledger.delivered(screen, "n1", 130);
    ledger.delivered(tablet, "n1", 150);
    ledger.delivered(screen, "s1", 170);

    AuditResult a = audit();
    assertThat(a.passed()).isTrue();
    assertThat(a.acknowledged()).isEqualTo(2);
    assertThat(a.readBackFound()).isEqualTo(2);
    assertThat(a.expectedDeliveries()).isEqualTo(3);
    assertThat(a.deliveredExpected()).isEqualTo(3);
    assertThat(latencies).containsExactlyInAnyOrder(30L, 50L, 60L);
    assertThat(a.perSubscriber())
        .extracting(AuditResult.SubscriberTally::expected)
        .containsExactly(2L, 1L);
  }

  @Test
  void listsMissingDeliveriesAndFails() {
    ledger.acked("n1", "north", "fire", 100);
    ledger.delivered(screen, "n1", 120);

    AuditResult a = audit();
    assertThat(a.passed()).isFalse();
    assertThat(a.missingDeliveries()).isEqualTo(1);
    assertThat(a.missing()).containsExactly(new AuditResult.Miss("tablet", "n1"));
    assertThat(a.perSubscriber().get(tablet).missing()).isEqualTo(1);
  }

  @Test
  void listsDuplicateDeliveriesAndFails() {
    ledger.acked("n1", "north", "fire", 100);
    ledger.delivered(screen, "n1", 120);
    ledger.delivered(tablet, "n1", 120);
    ledger.delivered(tablet, "n1", 140);
    ledger.delivered(tablet, "n1", 160);

    AuditResult a = audit();
    assertThat(a.passed()).isFalse();
    assertThat(a.duplicateDeliveries()).isEqualTo(1);
    assertThat(a.duplicates()).containsExactly(new AuditResult.Duplicate("tablet", "n1", 3));
    assertThat(a.missingDeliveries()).isZero();
  }

  @Test
  void aSnapshotDeliversWhatASubscriberLackedAndRestatesWhatItHad() {
    ledger.acked("n1", "north", "fire", 100);
    ledger.acked("n2", "north", "fire", 100);
    ledger.delivered(tablet, "n1", 120);
    ledger.restated(tablet, "n1", 150); // after a reconnection: had it
    ledger.restated(tablet, "n2", 150); // missed it while away
    ledger.delivered(screen, "n1", 120);
    ledger.delivered(screen, "n2", 120);

    AuditResult a = audit();
    assertThat(a.passed()).isTrue();
    assertThat(a.duplicateDeliveries()).isZero();
    assertThat(latencies).containsExactlyInAnyOrder(20L, 50L, 20L, 20L);
  }

  @Test
  void aFoldedIdIsADeliveryCountedApartFromMarkers() {
    ledger.acked("n1", "north", "fire", 100);
    ledger.acked("n2", "north", "roads", 100);
    ledger.delivered(screen, "n1", 120);
    ledger.folded(screen, "n2", 130); // below the marker priority: in the screen's counts
    ledger.delivered(tablet, "n1", 120); // a patroller's stream keeps every report as a marker
    ledger.delivered(tablet, "n2", 140);

    AuditResult a = audit();
    assertThat(a.passed()).isTrue();
    assertThat(a.deliveredExpected()).isEqualTo(4);
    assertThat(a.deliveredFolded()).isEqualTo(1);
    assertThat(a.perSubscriber().get(screen).folded()).isEqualTo(1);
    assertThat(a.perSubscriber().get(tablet).folded()).isZero();
    assertThat(latencies).containsExactlyInAnyOrder(20L, 30L, 20L, 40L);
  }

  @Test
  void foldedAgainOrThenSentAsAMarkerIsNoDuplicateButAMarkerTwiceStillIs() {
    ledger.acked("n1", "north", "roads", 100);
    ledger.acked("n2", "north", "roads", 100);
    ledger.acked("n3", "north", "fire", 100);
    ledger.folded(screen, "n1", 110);
    ledger.folded(screen, "n1", 120); // it changed again (joined an incident): folded again
    ledger.folded(screen, "n2", 110);
    ledger.restated(screen, "n2", 130); // its priority rose: now a marker, at a later version
    ledger.folded(screen, "n3", 110);
    ledger.delivered(screen, "n3", 120); // its creation as a marker after the fold: the first marker
    ledger.delivered(screen, "n3", 130); // and again: the same creation twice
    for (String id : List.of("n1", "n2", "n3")) {
      ledger.delivered(tablet, id, 110);
    }

    AuditResult a = audit();
    assertThat(a.passed()).isFalse();
    assertThat(a.duplicates()).containsExactly(new AuditResult.Duplicate("screen", "n3", 2));
    assertThat(a.deliveredFolded()).isEqualTo(1); // n1 only: n2 and n3 reached it as markers too
    assertThat(latencies).hasSize(6); // the first arrival of each expected delivery, once
  }

  @Test
  void aFoldBeforeTheAckCountsAndAFoldOutsideTheScopeIsNoLoss() {
    ledger.folded(screen, "s1", 90);
    ledger.folded(tablet, "s1", 95); // south is not the tablet's
    ledger.acked("s1", "south", "roads", 100);

    AuditResult a = audit();
    assertThat(a.passed()).isTrue();
    assertThat(a.deliveredBeforeAck()).isEqualTo(1);
    assertThat(a.outOfScope()).isEqualTo(1);
    assertThat(a.deliveredFolded()).isEqualTo(1);
  }

  @Test
  void failsOnReportsTheStoreDoesNotHaveOrCouldNotBeRead() {
    ledger.acked("n1", "north", "fire", 100);
    ledger.acked("s1", "south", "fire", 100);
    ledger.acked("s2", "south", "fire", 100);
    for (String id : List.of("n1", "s1", "s2")) {
      ledger.delivered(screen, id, 200);
    }
    ledger.delivered(tablet, "n1", 200);

    AuditResult a = ledger.audit(Set.of("s1"), Map.of("s2", "status 500"));
    assertThat(a.passed()).isFalse();
    assertThat(a.readBackMissing()).isEqualTo(1);
    assertThat(a.missingInStore()).containsExactly("s1");
    assertThat(a.unreadable()).containsEntry("s2", "status 500");
    assertThat(a.readBackFound()).isEqualTo(1);
  }

  @Test
  void oneIdAnsweredForTwoReportsFails() {
    ledger.acked("n1", "north", "fire", 100);
    ledger.acked("n1", "north", "injury", 105);
    ledger.delivered(screen, "n1", 120);
    ledger.delivered(tablet, "n1", 120);

    AuditResult a = audit();
    assertThat(a.passed()).isFalse();
    assertThat(a.duplicateAckIds()).containsExactly("n1");
  }

  @Test
  void aDeliveryBeforeItsAckCountsWithZeroLatency() {
    ledger.delivered(screen, "s1", 90);
    ledger.acked("s1", "south", "fire", 100);

    AuditResult a = audit();
    assertThat(a.passed()).isTrue();
    assertThat(a.deliveredBeforeAck()).isEqualTo(1);
    assertThat(latencies).containsExactly(0L);
  }

  @Test
  void deliveriesOutsideTheScopeOrNeverAcknowledgedAreNotLoss() {
    ledger.acked("s1", "south", "fire", 100);
    ledger.delivered(screen, "s1", 110);
    ledger.delivered(tablet, "s1", 110); // the server sent what the filter should hold back
    ledger.delivered(screen, "other-client", 120);

    AuditResult a = audit();
    assertThat(a.passed()).isTrue();
    assertThat(a.outOfScope()).isEqualTo(1);
    assertThat(a.unacknowledged()).isEqualTo(1);
    assertThat(ledger.acknowledgedIds()).containsExactly("s1");
  }

  @Test
  void aFilterNarrowsWhatIsExpected() {
    Ledger l = new Ledger(clock::get, x -> {});
    int fires = l.addSubscriber("fires-north", new Scope(Set.of("north"), null).and(new Scope(null, Set.of("fire"))));
    l.acked("a", "north", "fire", 1);
    l.acked("b", "north", "noise", 1);
    l.acked("c", "south", "fire", 1);
    l.delivered(fires, "a", 2);
    assertThat(l.audit(Set.of(), Map.of()).passed()).isTrue();
    assertThat(l.audit(Set.of(), Map.of()).expectedDeliveries()).isEqualTo(1);
  }

  @Test
  void drainEndsAsSoonAsTheLastExpectedDeliveryArrives() throws Exception {
    Ledger l = new Ledger(System::nanoTime, x -> {});
    int s = l.addSubscriber("screen", Scope.EVERYTHING);
    l.acked("a", "north", "fire", System.nanoTime());
    CompletableFuture<Ledger.DrainReason> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return l.awaitDeliveries(TimeUnit.MINUTES.toNanos(5), TimeUnit.MINUTES.toNanos(10));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    // The waiter wakes on the delivery itself, long before its five-minute quiet period.
    l.delivered(s, "a", System.nanoTime());
    assertThat(waiting.get(1, TimeUnit.MINUTES)).isEqualTo(Ledger.DrainReason.COMPLETE);
  }

  @Test
  void drainGivesUpAfterAQuietPeriodOrTheMaximum() throws Exception {
    Ledger l = new Ledger(System::nanoTime, x -> {});
    l.addSubscriber("screen", Scope.EVERYTHING);
    l.acked("a", "north", "fire", System.nanoTime());
    assertThat(l.awaitDeliveries(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(60)))
        .isEqualTo(Ledger.DrainReason.QUIET);
    assertThat(l.awaitDeliveries(TimeUnit.SECONDS.toNanos(60), TimeUnit.MILLISECONDS.toNanos(50)))
        .isEqualTo(Ledger.DrainReason.MAX_WAIT);
    assertThat(l.audit(Set.of(), Map.of()).missing()).containsExactly(new AuditResult.Miss("screen", "a"));
  }
}
