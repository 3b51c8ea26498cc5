package org.hamal.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UploadSlotsTest {

  @Test
  void refusesBeyondTheBoundAndTakesAgainOnceReleased() {
    UploadSlots slots = new UploadSlots(2);
    UploadSlots.Lease a = slots.tryTake().orElseThrow();
    UploadSlots.Lease b = slots.tryTake().orElseThrow();
    assertThat(slots.tryTake()).isEmpty();

    a.release();
    a.release(); // a response's end and its connection's close both release: counted once
    assertThat(slots.taken()).isEqualTo(1);
    assertThat(slots.tryTake()).isPresent();
    assertThat(slots.tryTake()).isEmpty();
    b.release();
    assertThat(slots.taken()).isEqualTo(1);
  }

  @Test
  void aSlotIsFreeOnlyWhenTheRequestAndItsWorkAreBothDone() {
    UploadSlots slots = new UploadSlots(1);
    UploadSlots.Lease request = slots.tryTake().orElseThrow();
    UploadSlots.Lease work = request.share();

    request.release(); // the client hung up while its photo was being stored
    assertThat(slots.tryTake()).isEmpty();
    work.release();
    work.release();
    assertThat(slots.taken()).isZero();

    UploadSlots.Lease next = slots.tryTake().orElseThrow();
    UploadSlots.Lease nextWork = next.share();
    nextWork.release(); // refused before any work: the request's end frees it
    assertThat(slots.taken()).isEqualTo(1);
    next.release();
    assertThat(slots.taken()).isZero();
    assertThatThrownBy(next::share).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBoundOfNoneIsRefused() {
    assertThatThrownBy(() -> new UploadSlots(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
