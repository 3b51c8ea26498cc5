package org.hamal.gateway.http;

import org.hamal.cluster.Report;

/** A validated intake request, before it is located and stored. */
record NewReport(
    String category,
    String description,
    double lon,
    double lat,
    Report.Reporter reporter,
    String channel) {}
