package org.hamal.surge.scenario;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hamal.surge.scenario.DistrictMap.District;

/** Builds the named scenarios from their options and the district layer. */
public final class Scenarios {

  public static final List<String> NAMES =
      List.of("routine-day", "rocket-barrage", "storm", "ramp", "custom");

  static final String ROUTINE_CATEGORIES =
      "pothole=10,garbage=12,sanitation=8,noise=8,trees=5,water=6,sewage=5,electricity=5,roads=6,"
          + "animals=5,welfare=4,education=2,hazard=4,other=5,injury=1,fire=1";
  static final String BARRAGE_CATEGORIES =
      "building-hit=25,injury=15,fire=10,trapped=6,gas-leak=6,power-line-down=6,shelter=8,"
          + "hazard=10,electricity=6,water=4,roads=4";
  static final String STORM_CATEGORIES =
      "trees=20,power-line-down=12,electricity=15,water=10,sewage=8,roads=10,hazard=12,"
          + "building-hit=3,injury=2,shelter=3,other=5";
  static final String ROUTINE_CHANNELS =
      "web=30,app=30,call-taker=20,sms=8,chat=6,open311=4,patroller=2";
  static final String EMERGENCY_CHANNELS = "call-taker=30,app=25,sms=15,web=10,chat=10,patroller=10";

  static final double DEFAULT_RATE = 20;
  static final double DEFAULT_BACKGROUND_RATE = 5;
  static final double DEFAULT_IMPACT_RADIUS_METRES = 150;

  private Scenarios() {}

  public static Scenario build(ScenarioOptions o, DistrictMap map) {
    if (!(o.durationSeconds() > 0)) {
      throw new IllegalArgumentException("the duration must be positive");
    }
    List<District> districts = districts(o, map);
    JsonObject params =
        new JsonObject()
            .put("durationSeconds", o.durationSeconds())
            .put("districts", new JsonArray(districts.stream().map(District::id).toList()))
            .put("reporterFraction", o.reporterFraction());
    return switch (o.name()) {
      case "routine-day" -> routineDay(o, districts, params);
      case "rocket-barrage" -> rocketBarrage(o, map, districts, params);
      case "storm" -> storm(o, districts, params);
      case "ramp" -> ramp(o, districts, params);
      case "custom" -> custom(o, districts, params);
      default -> throw new IllegalArgumentException(
          "unknown scenario " + o.name() + "; one of " + String.join(", ", NAMES));
    };
  }

  private static List<District> districts(ScenarioOptions o, DistrictMap map) {
    if (o.districts() == null || o.districts().isEmpty()) {
      return map.districts();
    }
    List<District> chosen = new ArrayList<>();
    for (String id : o.districts()) {
      chosen.add(
          map.byId(id)
              .orElseThrow(
                  () -> new IllegalArgumentException(
                      "unknown district " + id + "; the layer has "
                          + String.join(", ", map.districts().stream().map(District::id).toList()))));
    }
    return chosen;
  }

  private static Weighted<String> mix(String given, String fallback) {
    return Weighted.parse(given != null ? given : fallback);
  }

  private static double or(Double value, double fallback) {
    return value != null ? value : fallback;
  }

  /** Steady Poisson arrivals, each district equally likely (every service center is busy). */
  private static Scenario routineDay(ScenarioOptions o, List<District> districts, JsonObject params) {
    double rate = or(o.rate(), DEFAULT_RATE);
    Weighted<String> categories = mix(o.categoryMix(), ROUTINE_CATEGORIES);
    Weighted<String> channels = mix(o.channelMix(), ROUTINE_CHANNELS);
    params.put("rate", rate).put("categories", categories.toString()).put("channels", channels.toString());
    PayloadGenerator payloads =
        (t, r) -> {
          District d = districts.get(r.nextInt(districts.size()));
          return report(categories.pick(r), DistrictMap.randomPointIn(d, r), channels.pick(r), o, "routine-day", null, r);
        };
    return new Scenario(
        "routine-day", o.durationSeconds(),
        List.of(new Source("routine", RateProfile.constant(rate), 0, o.durationSeconds(), payloads)),
        params);
  }

  /**
   * A background rate plus impacts: salvos spread over the first half of the run, each impact in
   * another district, each yielding on average {@code reportsPerImpact} reports within the radius,
   * most in the first minute, through the emergency channel mix.
   */
  private static Scenario rocketBarrage(
      ScenarioOptions o, DistrictMap map, List<District> districts, JsonObject params) {
    double d = o.durationSeconds();
    double background = or(o.rate(), DEFAULT_BACKGROUND_RATE);
    int impacts = o.impacts() != null ? o.impacts() : 6;
    int salvos = Math.max(1, Math.min(impacts, o.salvos() != null ? o.salvos() : 2));
    int perImpact = o.reportsPerImpact() != null ? o.reportsPerImpact() : 200;
    double radius = or(o.impactRadiusMetres(), DEFAULT_IMPACT_RADIUS_METRES);
    double window = or(o.burstWindowSeconds(), Math.min(180, d / 2));
    Weighted<String> routine = mix(null, ROUTINE_CATEGORIES);
    Weighted<String> categories = mix(o.categoryMix(), BARRAGE_CATEGORIES);
    Weighted<String> channels = mix(o.channelMix(), EMERGENCY_CHANNELS);

    List<Source> sources = new ArrayList<>();
    Weighted<String> routineChannels = mix(null, ROUTINE_CHANNELS);
    sources.add(
        new Source(
            "background", RateProfile.constant(background), 0, d,
            (t, r) -> {
              District dd = districts.get(r.nextInt(districts.size()));
              return report(routine.pick(r), DistrictMap.randomPointIn(dd, r), routineChannels.pick(r), o, "rocket-barrage", null, r);
            }));

    // Where impacts fall is part of the scenario, not of the arrival schedule: a fixed seed.
    Random where = new Random(0x5EED_BA55L ^ impacts);
    List<District> targets = new ArrayList<>(districts);
    Collections.shuffle(targets, where);
    JsonArray impactList = new JsonArray();
    for (int k = 0; k < impacts; k++) {
      int salvo = k % salvos;
      double at = d * (0.05 + (salvos == 1 ? 0 : 0.45 * salvo / (salvos - 1)));
      District district = targets.get(k % targets.size());
      double[] centre = DistrictMap.randomPointIn(district, where);
      String event = "impact-" + (k + 1);
      impactList.add(
          new JsonObject()
              .put("event", event)
              .put("district", district.id())
              .put("atSeconds", at)
              .put("lon", centre[0])
              .put("lat", centre[1]));
      sources.add(
          new Source(
              event, RateProfile.decayingBurst(perImpact, window), at, at + window,
              (t, r) -> report(categories.pick(r), map.randomPointNear(centre, radius, r), channels.pick(r), o, "rocket-barrage", event, r)));
    }
    params
        .put("backgroundRate", background)
        .put("impacts", impactList)
        .put("salvos", salvos)
        .put("reportsPerImpact", perImpact)
        .put("impactRadiusMetres", radius)
        .put("burstWindowSeconds", window)
        .put("categories", categories.toString())
        .put("channels", channels.toString());
    return new Scenario("rocket-barrage", d, sources, params);
  }

  /**
   * A storm of {@code stormHours} compressed into the run: intensity builds, peaks and gusts; the
   * front crosses the city from the sea (west) inland; points spread by area over the city.
   */
  private static Scenario storm(ScenarioOptions o, List<District> districts, JsonObject params) {
    double d = o.durationSeconds();
    double mean = or(o.rate(), DEFAULT_RATE);
    double hours = or(o.stormHours(), 6.0);
    RateProfile shape =
        new RateProfile() {
          @Override
          public double rateAt(double t) {
            double x = t / d;
            double gust = Math.sin(6 * Math.PI * x);
            return 0.25 + Math.exp(-Math.pow((x - 0.45) / 0.22, 2)) + 0.25 * gust * gust;
          }

          @Override
          public double maxRate() {
            return 1.5;
          }
        };
    double scale = mean / shape.meanOver(d);
    RateProfile profile =
        new RateProfile() {
          @Override
          public double rateAt(double t) {
            return scale * shape.rateAt(t);
          }

          @Override
          public double maxRate() {
            return scale * shape.maxRate();
          }
        };
    Map<District, Double> areas = new LinkedHashMap<>();
    districts.forEach(x -> areas.put(x, Math.max(1, x.areaSquareMetres())));
    Weighted<District> byArea = new Weighted<>(areas);
    double west = districts.stream().mapToDouble(x -> x.bbox()[0]).min().orElseThrow();
    double east = districts.stream().mapToDouble(x -> x.bbox()[2]).max().orElseThrow();
    double band = 0.25 * (east - west);
    Weighted<String> categories = mix(o.categoryMix(), STORM_CATEGORIES);
    Weighted<String> channels = mix(o.channelMix(), EMERGENCY_CHANNELS);
    PayloadGenerator payloads =
        (t, r) -> {
          double x = t / d;
          double front = west + (east - west) * (1.2 * x - 0.1);
          double[] p;
          do {
            p = DistrictMap.randomPointIn(byArea.pick(r), r);
          } while (r.nextDouble() > 0.25 + 0.75 * Math.exp(-Math.pow((p[0] - front) / band, 2)));
          int minutes = (int) (x * hours * 60);
          String clock = String.format("%02d:%02d", (20 + minutes / 60) % 24, minutes % 60);
          ReportSpec s = report(categories.pick(r), p, channels.pick(r), o, "storm " + clock, null, r);
          return s;
        };
    params
        .put("meanRate", mean)
        .put("peakRate", profile.maxRate())
        .put("stormHours", hours)
        .put("compression", hours * 3600 / d)
        .put("categories", categories.toString())
        .put("channels", channels.toString());
    return new Scenario("storm", d, List.of(new Source("storm", profile, 0, d, payloads)), params);
  }

  /**
   * The rate rises from the base past the call-center overload threshold to the peak and falls
   * back; as it rises, emergencies take over from routine requests.
   */
  private static Scenario ramp(ScenarioOptions o, List<District> districts, JsonObject params) {
    double d = o.durationSeconds();
    double base = or(o.rate(), DEFAULT_RATE);
    double peak = or(o.peak(), base * 5);
    if (peak < base) {
      throw new IllegalArgumentException("the ramp's peak (" + peak + ") is below its base rate (" + base + ")");
    }
    double threshold = or(o.threshold(), (base + peak) / 2);
    String shape = o.shape() != null ? o.shape() : "trapezoid";
    RateProfile profile =
        switch (shape) {
          case "trapezoid" -> RateProfile.piecewiseLinear(
              List.of(new double[] {0, base}, new double[] {0.35 * d, peak}, new double[] {0.65 * d, peak}, new double[] {d, base}));
          case "triangle" -> RateProfile.piecewiseLinear(
              List.of(new double[] {0, base}, new double[] {0.5 * d, peak}, new double[] {d, base}));
          case "step" -> RateProfile.piecewiseLinear(
              List.of(new double[] {0.3 * d, base}, new double[] {0.3 * d, peak}, new double[] {0.7 * d, peak}, new double[] {0.7 * d, base}));
          case "sine" -> new RateProfile() {
                @Override
                public double rateAt(double t) {
                  return base + (peak - base) * Math.sin(Math.PI * Math.min(1, t / d));
                }

                @Override
                public double maxRate() {
                  return peak;
                }
              };
          default -> throw new IllegalArgumentException(
              "unknown ramp shape " + shape + "; one of trapezoid, triangle, step, sine");
        };
    Weighted<String> routine = mix(o.categoryMix(), ROUTINE_CATEGORIES);
    Weighted<String> emergency = mix(o.categoryMix(), BARRAGE_CATEGORIES);
    Weighted<String> routineChannels = mix(o.channelMix(), ROUTINE_CHANNELS);
    Weighted<String> emergencyChannels = mix(o.channelMix(), EMERGENCY_CHANNELS);
    PayloadGenerator payloads =
        (t, r) -> {
          boolean urgent = peak > base && r.nextDouble() < (profile.rateAt(t) - base) / (peak - base);
          District dd = districts.get(r.nextInt(districts.size()));
          return report(
              (urgent ? emergency : routine).pick(r), DistrictMap.randomPointIn(dd, r),
              (urgent ? emergencyChannels : routineChannels).pick(r), o, "ramp", null, r);
        };
    double above = 0;
    int steps = 10_000;
    for (int i = 0; i < steps; i++) {
      if (profile.rateAt((i + 0.5) * d / steps) > threshold) {
        above += d / steps;
      }
    }
    params
        .put("baseRate", base)
        .put("peakRate", peak)
        .put("shape", shape)
        .put("threshold", threshold)
        .put("secondsAboveThreshold", Math.round(above * 10) / 10.0);
    return new Scenario("ramp", d, List.of(new Source("ramp", profile, 0, d, payloads)), params);
  }

  /** A constant rate or a {@code seconds:rate} profile, with the mixes given (routine by default). */
  private static Scenario custom(ScenarioOptions o, List<District> districts, JsonObject params) {
    RateProfile profile =
        o.rateProfile() != null
            ? RateProfile.parse(o.rateProfile())
            : RateProfile.constant(or(o.rate(), DEFAULT_RATE));
    Weighted<String> categories = mix(o.categoryMix(), ROUTINE_CATEGORIES);
    Weighted<String> channels = mix(o.channelMix(), ROUTINE_CHANNELS);
    params
        .put("rateProfile", o.rateProfile())
        .put("rate", o.rateProfile() == null ? or(o.rate(), DEFAULT_RATE) : null)
        .put("categories", categories.toString())
        .put("channels", channels.toString());
    PayloadGenerator payloads =
        (t, r) -> {
          District dd = districts.get(r.nextInt(districts.size()));
          return report(categories.pick(r), DistrictMap.randomPointIn(dd, r), channels.pick(r), o, "custom", null, r);
        };
    return new Scenario(
        "custom", o.durationSeconds(),
        List.of(new Source("custom", profile, 0, o.durationSeconds(), payloads)), params);
  }

  private static ReportSpec report(
      String category, double[] p, String channel, ScenarioOptions o, String tag, String event,
      Random r) {
    String description =
        Texts.said(category, r) + " (surge " + tag + (event != null ? " " + event : "") + ")";
    boolean withReporter = r.nextDouble() < o.reporterFraction();
    return new ReportSpec(
        category, description, p[0], p[1], channel,
        withReporter ? Texts.name(r) : null, withReporter ? Texts.phone(r) : null, event);
  }
}
