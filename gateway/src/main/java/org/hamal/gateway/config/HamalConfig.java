package org.hamal.gateway.config;

import java.nio.file.Path;
import java.time.ZoneId;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.incidents.IncidentOptions;
import org.hamal.cluster.mode.ModeThresholds;
import org.hamal.cluster.patrollers.PatrollerOptions;
import org.hamal.cluster.store.StoreOptions;
import org.hamal.gateway.exports.ExportsConfig;
import org.hamal.gateway.live.LiveConfig;
import org.hamal.gateway.mode.AdmissionConfig;
import org.hamal.gateway.mode.EmergencyConfig;
import org.hamal.gateway.mode.SlaConfig;
import org.hamal.gateway.alerts.AlertsConfig;
import org.hamal.gateway.triage.TriageConfig;
import org.hamal.gateway.logs.LogsConfig;
import org.hamal.gateway.metrics.MetricsConfig;

/**
 * The whole configuration of a node. Defaults live in {@code hamal-defaults.yaml}; a YAML file
 * and {@code HAMAL_*} environment variables override them (see {@link ConfigLoader}).
 *
 * @param dataDir where the embedded database, the signing key and the admin token live
 * @param timeZone the city's zone; times on the API carry its offset
 */
public record HamalConfig(
    HttpConfig http,
    String dataDir,
    String timeZone,
    LayerConfig layer,
    PlacesConfig places,
    ClusterOptions cluster,
    StoreOptions store,
    AuthConfig auth,
    ReportsConfig reports,
    MapConfig map,
    LiveConfig live,
    TriageConfig triage,
    ModeThresholds mode,
    EmergencyConfig emergency,
    AdmissionConfig admission,
    IncidentOptions incidents,
    SlaConfig sla,
    MediaConfig media,
    PatrollerOptions patrollers,
    DevicesConfig devices,
    BenchConfig bench,
    ExportsConfig exports,
    Open311Config open311,
    KeysConfig keys,
    AlertsConfig alerts,
    MetricsConfig metrics,
    LogsConfig logs,
    LimitsConfig limits) {

  public Path dataPath() {
    return Path.of(dataDir).toAbsolutePath().normalize();
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }
}
