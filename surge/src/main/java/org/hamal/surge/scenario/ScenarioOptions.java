package org.hamal.surge.scenario;

import java.util.List;

/**
 * What a scenario is built from; null means the scenario's default. Rates are reports per
 * second, times are seconds of the run.
 *
 * @param rate routine-day, storm, custom: the mean rate; ramp: the base; rocket-barrage: the
 *     background
 * @param peak ramp: the highest rate
 * @param shape ramp: trapezoid, triangle, step or sine
 * @param threshold ramp: the call-center overload threshold (annotates results and plots)
 * @param rateProfile custom: {@code seconds:rate,...}, interpolated linearly
 */
public record ScenarioOptions(
    String name,
    double durationSeconds,
    Double rate,
    Double peak,
    String shape,
    Double threshold,
    Integer impacts,
    Integer salvos,
    Integer reportsPerImpact,
    Double impactRadiusMetres,
    Double burstWindowSeconds,
    Double stormHours,
    String rateProfile,
    String categoryMix,
    String channelMix,
    List<String> districts,
    double reporterFraction) {}
