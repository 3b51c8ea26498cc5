package org.hamal.gateway.mode;

/**
 * Admission control: a saturated node refuses what can wait, never what cannot.
 *
 * @param maxQueuedReports reports waiting for a commit on this node beyond which it is saturated
 * @param lifeSafetyPriority reports of at least this priority are always accepted
 * @param retryAfterSeconds what a refused client is told to wait
 */
public record AdmissionConfig(int maxQueuedReports, int lifeSafetyPriority, int retryAfterSeconds) {}
