package org.hamal.cluster.mode;

import java.time.Instant;

/** One mode change as the audit log keeps it: what, from what, what triggered it, who, why. */
public record ModeAudit(
    String id,
    Instant at,
    Mode mode,
    Mode previous,
    String trigger,
    String actor,
    String reason,
    String details) {}
