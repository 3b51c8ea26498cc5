package org.hamal.surge;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** How a run is carried out (the scenario says what is sent). */
record RunSettings(
    List<URI> targets,
    String token,
    int connections,
    int maxInFlight,
    long timeoutMillis,
    int batchSize,
    double batchMix,
    long batchLingerNanos,
    int retries,
    int subscribers,
    List<String> subscriberTokens,
    List<String> subscriberFilters,
    int slowSubscribers,
    long slowPauseNanos,
    long slowEveryNanos,
    Path out,
    long seed,
    int auditConcurrency,
    long drainQuietNanos,
    long drainMaxNanos,
    long warmupNanos,
    boolean progress,
    boolean alerts,
    String alertToken) {}
