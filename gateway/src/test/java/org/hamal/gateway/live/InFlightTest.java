package org.hamal.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightTest {

  private final InFlight<String, String> inFlight = new InFlight<>();
  private final AtomicInteger started = new AtomicInteger();

  private Future<String> work(Promise<String> p) {
    started.incrementAndGet();
    return p.future();
  }

  @Test
  void requestsForTheSameKeyWhileItRunsShareItAndTheStartersPosition() {
    Promise<String> first = Promise.promise();
    InFlight.Shared<String> a = inFlight.share("barnea", 10, () -> work(first));
    InFlight.Shared<String> b = inFlight.share("barnea", 12, () -> work(Promise.promise()));

    assertThat(started).hasValue(1);
    assertThat(b.result()).isSameAs(a.result());
    assertThat(b.asOf()).isEqualTo(10);

    first.complete("snapshot");
    assertThat(b.result().result()).isEqualTo("snapshot");
  }

  @Test
  void otherKeysRunTheirOwnWork() {
    inFlight.share("barnea", 1, () -> work(Promise.promise()));
    inFlight.share("shimshon", 1, () -> work(Promise.promise()));
    assertThat(started).hasValue(2);
    assertThat(inFlight.running()).isEqualTo(2);
  }

  @Test
  void onceDoneTheNextRequestStartsAfresh() {
    Promise<String> first = Promise.promise();
    inFlight.share("barnea", 1, () -> work(first));
    first.fail("store unavailable");
    assertThat(inFlight.running()).isZero();

    Promise<String> second = Promise.promise();
    InFlight.Shared<String> again = inFlight.share("barnea", 5, () -> work(second));
    assertThat(started).hasValue(2);
    assertThat(again.asOf()).isEqualTo(5);
  }

  @Test
  void workThatThrowsFailsItsRequestAndIsNotKept() {
    InFlight.Shared<String> failed = inFlight.share("barnea", 1, () -> {
      throw new IllegalStateException("no cluster");
    });
    assertThat(failed.result().failed()).isTrue();
    assertThat(inFlight.running()).isZero();
  }
}
