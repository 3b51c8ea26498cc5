package org.hamal.gateway;

import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.Incidents;
import org.hamal.cluster.ModeService;
import org.hamal.cluster.OpenReports;
import org.hamal.cluster.ReportEvents;
import org.hamal.cluster.ReportJson;
import org.hamal.cluster.ReportStore;
import org.hamal.gateway.auth.Authentication;
import org.hamal.gateway.config.HamalConfig;
import org.hamal.gateway.layer.LayerService;
import org.hamal.gateway.live.LiveHub;
import org.hamal.gateway.mode.IntakeMeter;
import org.hamal.gateway.triage.Triage;

/** What a node's verticles share: created once at start-up, all thread-safe. */
public record NodeServices(
    HamalConfig config,
    ClusterNode node,
    ReportStore store,
    OpenReports openReports,
    ReportEvents events,
    LiveHub live,
    CurrentLayer layer,
    LayerService layers,
    Authentication authentication,
    ReportJson json,
    Triage triage,
    ModeService mode,
    IntakeMeter meter,
    Incidents incidents) {}
