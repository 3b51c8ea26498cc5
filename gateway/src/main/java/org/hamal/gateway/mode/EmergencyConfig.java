package org.hamal.gateway.mode;

/**
 * What changes in emergency mode.
 *
 * @param maxBatch commit groups widen to this many reports
 * @param lingerMillis and may wait this long to fill (an acknowledgement still means durable)
 * @param coalesceMaps every map subscriber gets coalesced batches instead of single events
 * @param markerMinPriority in those batches, reports of at least this priority appear one by one;
 *     the rest only in counts and the heat layer
 * @param heatCellMeters side of the heat layer's grid cells
 * @param noticeHe what a deferred report's reporter is told, in Hebrew
 * @param noticeEn and in English
 * @param releaseCheckSeconds in routine, the oldest member releases any report still deferred
 *     this often (at once when an emergency ends; again in case a node deferred one just then,
 *     or the cluster restarted in between)
 */
public record EmergencyConfig(
    int maxBatch,
    long lingerMillis,
    boolean coalesceMaps,
    int markerMinPriority,
    int heatCellMeters,
    String noticeHe,
    String noticeEn,
    int releaseCheckSeconds) {}
