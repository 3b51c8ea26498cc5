package org.hamal.cluster.incidents;

/**
 * How reports are grouped into incidents.
 *
 * @param radiusMeters a report joins an incident of its category whose centre is this close
 * @param windowMinutes and whose latest report is this recent
 * @param recountSeconds how often the oldest member recounts incidents from the open reports
 *     (the source of truth: it corrects any drift, and closes incidents with none left open)
 * @param announceMillis an incident's changes from intake are announced at most once per this
 *     interval per event loop, with its latest state (0: every change)
 */
public record IncidentOptions(double radiusMeters, int windowMinutes, int recountSeconds, long announceMillis) {}
