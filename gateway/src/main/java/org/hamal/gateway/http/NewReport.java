package org.hamal.gateway.http;

import org.hamal.cluster.report.Report;

/**
 * A validated intake request, before it is located and stored.
 *
 * @param id the report id the client chose (a UUID), or null for a server-made one
 * @param incident the incident the client asks the report to join (a hint), or null
 */
record NewReport(
    String id,
    String category,
    String description,
    double lon,
    double lat,
    Report.Reporter reporter,
    String channel,
    String incident) {}
