package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightTest {

  private static final long KEEP_MILLIS = 5000;
  private static final java.util.function.Predicate<InFlight.Shared<String>> ANY = shared -> true;

  /** The timers the shared work asked for, run by the test when it wants them to fire. */
  private final List<Runnable> timers = new ArrayList<>();
  private final List<Long> delays = new ArrayList<>();
  private final InFlight<String, String> inFlight =
      new InFlight<>(KEEP_MILLIS, (delay, task) -> {
        delays.add(delay);
        timers.add(task);
      });
  private final AtomicInteger started = new AtomicInteger();

  private Future<String> work(Promise<String> p) {
    started.incrementAndGet();
    return p.future();
  }

  private void fireTimers() {
    List<Runnable> due = new ArrayList<>(timers);
    timers.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void requestsForTheSameKeyWhileItRunsShareItAndTheStartersPosition() {
    Promise<String> first = Promise.promise();
    InFlight.Shared<String> a = inFlight.share("barnea", 10, ANY, () -> work(first));
    InFlight.Shared<String> b = inFlight.share("barnea", 12, ANY, () -> work(Promise.promise()));

    assertThat(started).hasValue(1);
    assertThat(b.result()).isSameAs(a.result());
    assertThat(b.asOf()).isEqualTo(10);

    first.complete("snapshot");
    assertThat(b.result().result()).isEqualTo("snapshot");
  }

  @Test
  void aSuccessIsSharedForTheKeepTimeAfterItCompletesThenTheNextRequestStartsAfresh() {
    Promise<String> first = Promise.promise();
    inFlight.share("barnea", 10, ANY, () -> work(first));
    first.complete("snapshot");

    InFlight.Shared<String> later = inFlight.share("barnea", 40, ANY, () -> work(Promise.promise()));
    assertThat(started).hasValue(1);
    assertThat(later.asOf()).isEqualTo(10);
    assertThat(later.result().result()).isEqualTo("snapshot");
    assertThat(delays).containsExactly(KEEP_MILLIS);

    fireTimers();
    assertThat(inFlight.shared()).isZero();
    InFlight.Shared<String> afresh = inFlight.share("barnea", 90, ANY, () -> work(Promise.promise()));
    assertThat(started).hasValue(2);
    assertThat(afresh.asOf()).isEqualTo(90);
  }

  @Test
  void otherKeysRunTheirOwnWork() {
    inFlight.share("barnea", 1, ANY, () -> work(Promise.promise()));
    inFlight.share("shimshon", 1, ANY, () -> work(Promise.promise()));
    assertThat(started).hasValue(2);
    assertThat(inFlight.shared()).isEqualTo(2);
  }

  @Test
  void aFailureIsNotKept() {
    Promise<String> first = Promise.promise();
    inFlight.share("barnea", 1, ANY, () -> work(first));
    first.fail("store unavailable");
    assertThat(inFlight.shared()).isZero();
    assertThat(timers).isEmpty();

    Promise<String> second = Promise.promise();
    InFlight.Shared<String> again = inFlight.share("barnea", 5, ANY, () -> work(second));
    assertThat(started).hasValue(2);
    assertThat(again.asOf()).isEqualTo(5);
  }

  @Test
  void workThatThrowsFailsItsRequestAndIsNotKept() {
    InFlight.Shared<String> failed = inFlight.share("barnea", 1, ANY, () -> {
      throw new IllegalStateException("no cluster");
    });
    assertThat(failed.result().failed()).isTrue();
    assertThat(inFlight.shared()).isZero();
  }

  @Test
  void droppedWorkIsNotSharedAgainAndItsTimerDoesNotRemoveItsSuccessor() {
    Promise<String> first = Promise.promise();
    InFlight.Shared<String> stale = inFlight.share("barnea", 1, ANY, () -> work(first));
    first.complete("old snapshot");
    inFlight.drop("barnea", stale);

    InFlight.Shared<String> fresh = inFlight.share("barnea", 7, ANY, () -> work(Promise.promise()));
    assertThat(started).hasValue(2);
    fireTimers(); // the dropped one's keep time ends: the fresh one stays shared
    assertThat(inFlight.share("barnea", 9, ANY, () -> work(Promise.promise()))).isSameAs(fresh);
    assertThat(started).hasValue(2);
  }

  @Test
  void sharedWorkThatIsNotUsableForARequestIsReplacedByFreshWork() {
    Promise<String> first = Promise.promise();
    InFlight.Shared<String> old = inFlight.share("barnea", 10, ANY, () -> work(first));
    first.complete("old snapshot");

    InFlight.Shared<String> close = inFlight.share("barnea", 14, shared -> 14 - shared.asOf() <= 5, () -> work(Promise.promise()));
    assertThat(close).isSameAs(old);
    InFlight.Shared<String> far = inFlight.share("barnea", 30, shared -> 30 - shared.asOf() <= 5, () -> work(Promise.promise()));
    assertThat(started).hasValue(2);
    assertThat(far.asOf()).isEqualTo(30);
    assertThat(inFlight.share("barnea", 31, ANY, () -> work(Promise.promise()))).isSameAs(far);
  }

  @Test
  void withoutAKeepTimeASuccessIsSharedOnlyWhileItRuns() {
    InFlight<String, String> whileRunning = new InFlight<>(0, (delay, task) -> timers.add(task));
    Promise<String> first = Promise.promise();
    whileRunning.share("barnea", 1, ANY, () -> work(first));
    first.complete("snapshot");
    assertThat(whileRunning.shared()).isZero();
    assertThat(timers).isEmpty();
  }
}
