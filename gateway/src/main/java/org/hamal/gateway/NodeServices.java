package org.hamal.gateway;

import org.hamal.cluster.ClusterNode;
import org.hamal.cluster.alerts.AlertService;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.cluster.incidents.Incidents;
import org.hamal.cluster.mode.ModeService;
import org.hamal.cluster.patrollers.PatrollerPositions;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.store.ReportRepository;
import org.hamal.cluster.store.Store;
import org.hamal.gateway.alerts.AlertAreasService;
import org.hamal.gateway.auth.Authentication;
import org.hamal.gateway.config.HamalConfig;
import org.hamal.gateway.devices.DeviceLinks;
import org.hamal.gateway.http.ConnectionGuard;
import org.hamal.gateway.keys.ApiKeys;
import org.hamal.gateway.keys.KeyRates;
import org.hamal.gateway.keys.Revocations;
import org.hamal.gateway.limits.Limits;
import org.hamal.gateway.layer.LayerService;
import org.hamal.gateway.live.LiveHub;
import org.hamal.gateway.media.UploadSlots;
import org.hamal.gateway.mode.IntakeMeter;
import org.hamal.gateway.patrollers.PatrollerFeed;
import org.hamal.gateway.places.PlacesService;
import org.hamal.gateway.triage.Triage;

/** What a node's verticles share: created once at start-up, all thread-safe. */
public record NodeServices(
    HamalConfig config,
    ClusterNode node,
    Store store,
    ReportRepository reports,
    OpenReports openReports,
    ReportEvents events,
    LiveHub live,
    CurrentLayer layer,
    LayerService layers,
    PlacesService places,
    AlertAreasService alertAreas,
    AlertService alerts,
    Authentication authentication,
    ReportJson json,
    Triage triage,
    ModeService mode,
    IntakeMeter meter,
    Incidents incidents,
    ConnectionGuard connections,
    PatrollerPositions patrollers,
    PatrollerFeed patrollerFeed,
    DeviceLinks devices,
    UploadSlots uploads,
    ApiKeys keys,
    Revocations revocations,
    KeyRates keyRates,
    Limits limits) {}
