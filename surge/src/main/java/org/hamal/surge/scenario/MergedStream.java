package org.hamal.surge.scenario;

import java.util.List;
import java.util.PriorityQueue;

/** Several time-ordered streams merged into one. */
final class MergedStream implements ArrivalStream {

  private record Head(Arrival arrival, ArrivalStream stream) {}

  private final PriorityQueue<Head> heads =
      new PriorityQueue<>((a, b) -> Long.compare(a.arrival.offsetNanos(), b.arrival.offsetNanos()));

  MergedStream(List<ArrivalStream> streams) {
    for (ArrivalStream s : streams) {
      Arrival first = s.next();
      if (first != null) {
        heads.add(new Head(first, s));
      }
    }
  }

  @Override
  public Arrival next() {
    Head head = heads.poll();
    if (head == null) {
      return null;
    }
    Arrival following = head.stream.next();
    if (following != null) {
      heads.add(new Head(following, head.stream));
    }
    return head.arrival;
  }
}
