package org.hamal.gateway.limits;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import org.hamal.gateway.config.LimitsConfig;

/** A node's per-caller limits, shared by its server verticles (docs/security.md). */
public record Limits(LimitsConfig config, IntakeRates intake, CallerConnections live, AddressRates anonymous) {

  public static Limits of(LimitsConfig config, Vertx vertx, HazelcastInstance hazelcast) {
    var intake = config.intake();
    return new Limits(
        config,
        new IntakeRates(intake, new CallerRates(new ClusterBudget(vertx, hazelcast, intake.clusterTimeoutMillis()),
            System::currentTimeMillis, intake.reserveMillis(), intake.holdMillis())),
        new CallerConnections(config.liveConnectionsPerCaller()),
        new AddressRates(config.anonymous(), System::nanoTime));
  }
}
