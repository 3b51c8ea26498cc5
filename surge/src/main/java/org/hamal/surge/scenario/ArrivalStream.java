package org.hamal.surge.scenario;

/** Arrivals in time order, generated lazily so a long run never holds its whole schedule. */
public interface ArrivalStream {

  /** The next arrival, or null when the scenario has no more. */
  Arrival next();
}
