package org.hamal.surge.scenario;

/** A report due at {@code offsetNanos} after the start of the run. */
public record Arrival(long offsetNanos, ReportSpec report) {}
